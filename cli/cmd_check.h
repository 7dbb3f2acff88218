// `sockscope check`: the monitoring-plugin convention (Nagios, Icinga,
// Sensu, Zabbix): one status line with performance data and the exit status
// 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. UNKNOWN also covers a wrong command
// line, as the plugin guidelines ask, not the usual 2.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "global_options.h"

namespace sockscope::cli {

inline constexpr int kCheckOk = 0;
inline constexpr int kCheckWarning = 1;
inline constexpr int kCheckCritical = 2;
inline constexpr int kCheckUnknown = 3;

struct CheckArgs {
  std::vector<std::string> kinds;  // empty: every kind counts
  std::string min_severity = "warning";
};

CLI::App* add_check_command(CLI::App& app, CheckArgs& args);
int run_check(const CheckArgs& args, const GlobalOptions& global);

// Prints "SOCKSCOPE UNKNOWN - usage: <message>" and returns kCheckUnknown.
int check_usage_error(std::string_view message);

}  // namespace sockscope::cli

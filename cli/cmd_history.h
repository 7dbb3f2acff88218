// `sockscope history`: TCP state counts over time, from the daemon's history.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "global_options.h"

namespace sockscope::cli {

struct HistoryArgs {
  std::optional<std::string> seconds;  // checked in run_history, so the message is ours
};

CLI::App* add_history_command(CLI::App& app, HistoryArgs& args);

// Throws UsageError on a bad --seconds. Exit 1 when no daemon answers: only
// the daemon keeps history.
int run_history(const HistoryArgs& args, const GlobalOptions& global);

}  // namespace sockscope::cli

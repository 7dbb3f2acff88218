// Where the daemon's configuration comes from: the TOML file, then each
// --set in order, then the dedicated flags (--socket, --interval,
// --metrics-listen, --metrics-textfile). Read again
// on SIGHUP from the same command line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "util/result.h"

namespace sockscope::daemon {

struct CommandLine {
  std::string config_path{kDefaultConfigPath};
  bool config_given = false;  // an explicit --config must exist; the default may be missing
  std::vector<std::string> sets;
  std::optional<std::string> socket_path;
  std::optional<std::string> interval;  // as typed, checked like daemon.interval_s
  std::optional<std::string> metrics_listen;    // ADDR:PORT
  std::optional<std::string> metrics_textfile;  // PATH
};

// The first problem, naming the file and line, or the flag, and the key.
Result<DaemonConfig> resolve_config(const CommandLine& command_line);

}  // namespace sockscope::daemon

// Flags every command accepts.
#pragma once

#include <string>

#include "config/config.h"
#include "detect/detector_config.h"

namespace sockscope::cli {

inline constexpr const char* kDefaultSocketPath = "/run/sockscope/sockscoped.sock";
inline constexpr const char* kSocketPathEnv = "SOCKSCOPE_SOCKET";

struct GlobalOptions {
  bool json = false;
  // Poll in this process instead of asking the daemon, and say nothing about it.
  bool direct = false;
  // The daemon's socket: --socket, else $SOCKSCOPE_SOCKET, else kDefaultSocketPath.
  std::string socket_path = kDefaultSocketPath;
  // A sockscoped.toml whose detector thresholds the findings, the report and
  // explain use; they then run in direct mode (the daemon has its own).
  std::string config_path;
};

// The thresholds for a direct run: --config's, else the defaults. A bad file
// is a UsageError naming the file, line and key.
DetectorsConfig detectors_config(const GlobalOptions& global);

// The whole file for a command that polls on its own over time (`watch`
// in direct mode): --config's, else the defaults. Errors as above.
DaemonConfig daemon_config(const GlobalOptions& global);

// Commands that run detectors go direct when --config is given.
inline bool detectors_direct(const GlobalOptions& global) { return global.direct || !global.config_path.empty(); }

}  // namespace sockscope::cli

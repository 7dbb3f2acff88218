// sockscoped's configuration: TOML file, then --set KEY=VALUE overrides.
// Unknown keys and bad values are errors naming the file, line and key.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace sockscope {

struct DaemonConfig {
  // [daemon]
  double interval_s = 1.0;                 // poll interval, fractions allowed (>= 0.05)
  std::string socket_path = "/run/sockscope/sockscoped.sock";
  std::optional<std::string> socket_group;  // default: "sockscope" when that group exists
  int max_clients = 64;
  double client_idle_timeout_s = 300;
  size_t client_output_limit = 16 * 1024 * 1024;  // bytes buffered per client before it is dropped
  std::string log_level = "info";           // debug, info, warning, error
  // [history]
  double history_seconds = 3600;            // how far back the ring reaches
  // [collect]
  bool processes = true;                    // scan /proc for owners each poll
  bool tcp_info = true;
  bool mem = true;
};

// Parses TOML text. `origin` names the file in errors ("/etc/...toml:12: key 'daemon.interval': ...").
Result<DaemonConfig> parse_config(std::string_view toml_text, std::string_view origin);

// Reads a file; a missing file is an Error unless `missing_ok` (the default path).
Result<DaemonConfig> load_config(const std::filesystem::path& path, bool missing_ok);

// Applies one "section.key=value" override (e.g. "daemon.interval_s=0.5").
Result<void> apply_override(DaemonConfig& config, std::string_view assignment);

}  // namespace sockscope

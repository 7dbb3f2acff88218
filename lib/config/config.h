// sockscoped's configuration: TOML file, then --set KEY=VALUE overrides.
// Unknown keys and bad values are errors naming the file, line and key:
//   /etc/sockscope/sockscoped.toml:7: daemon.interval_s: expected a number from 0.05 to 3600, got "fast"
// Nothing here throws, logs or exits; every failure is a Result.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detect/detector_config.h"
#include "detect/finding.h"
#include "util/result.h"

namespace sockscope {

// Where the daemon looks when no --config is given; missing is fine there.
inline constexpr std::string_view kDefaultConfigPath = "/etc/sockscope/sockscoped.toml";

// One [[hooks]] table: a command the daemon starts when a finding is raised
// or cleared.
struct HookConfig {
  std::vector<std::string> command;  // argv; never passed to a shell
  bool on_raised = true;             // `on`: "raised", "cleared", or both (a list)
  bool on_cleared = true;
  std::vector<std::string> kinds;    // finding kinds; empty: every kind
  Severity min_severity = Severity::Info;
  double timeout_s = 10;             // then SIGTERM, and SIGKILL a few seconds later

  bool operator==(const HookConfig&) const = default;
};

// [hook_runner]: how many hooks run at once and what waits.
struct HookRunnerConfig {
  int max_running = 4;          // hooks running at once
  int queue_limit = 64;         // events waiting for a slot; more are dropped and counted
  double min_interval_s = 60;   // one finding starts a given hook at most this often (flapping)

  bool operator==(const HookRunnerConfig&) const = default;
};

// [metrics]: Prometheus text over HTTP and for node_exporter's textfile collector.
struct MetricsConfig {
  std::optional<std::string> listen;    // "ADDR:PORT" ("127.0.0.1:9977", "[::1]:9977"); unset: no HTTP server
  std::optional<std::string> textfile;  // written after each poll (temporary file, then rename)
  int max_scrapes = 4;                  // concurrent HTTP connections served
  int top_n = 20;                       // listeners and processes named in labelled series

  bool operator==(const MetricsConfig&) const = default;
};

// The bounds of a poll interval: shorter, one poll would follow the last
// back to back; the same for `watch --interval` in direct mode.
inline constexpr double kMinPollIntervalS = 0.05;
inline constexpr double kMaxPollIntervalS = 3600;

struct DaemonConfig {
  // [daemon]
  double interval_s = 1.0;                 // poll interval, fractions allowed (kMinPollIntervalS..kMaxPollIntervalS)
  std::string socket_path = "/run/sockscope/sockscoped.sock";
  std::optional<std::string> socket_group;  // default: "sockscope" when that group exists
  int max_clients = 64;
  double client_idle_timeout_s = 300;
  size_t client_output_limit = 16 * 1024 * 1024;  // bytes buffered per client before it is dropped
  std::string log_level = "info";           // debug, info, warning, error
  // [history]
  double history_seconds = 3600;            // how far back the ring reaches
  // [collect]
  bool processes = true;                    // scan /proc for socket owners
  double owner_rescan_s = 5;                // owners rescanned at most this often (see collect/owner_scan.h)
  bool tcp_info = true;
  bool mem = true;
  // [detectors.<kind>] and [findings]
  DetectorsConfig detectors;
  FindingsConfig findings;
  // [[hooks]], [hook_runner], [metrics]
  std::vector<HookConfig> hooks;
  HookRunnerConfig hook_runner;
  MetricsConfig metrics;

  // Lets a reload tell whether anything changed.
  bool operator==(const DaemonConfig&) const = default;
};

// Parses TOML text into a fresh config: all keys valid, or an Error and no
// config at all (a SIGHUP reload keeps the old one). `origin` names the file
// in errors ("/etc/...toml:12: daemon.interval_s: ..."). With several
// problems, the one on the earliest line is reported.
Result<DaemonConfig> parse_config(std::string_view toml_text, std::string_view origin);

// Reads a file; a missing file is an Error unless `missing_ok` (the default
// path), which gives the built-in defaults. A file that cannot be opened or
// read is an Error carrying errno: print it with Error::describe().
Result<DaemonConfig> load_config(const std::filesystem::path& path, bool missing_ok);

// Applies one "section.key=value" override (e.g. "daemon.interval_s=0.5").
// VALUE is a TOML value; string keys also take a bare word (log_level=debug).
// On error `config` is left as it was; the message starts "--set <assignment>: ".
Result<void> apply_override(DaemonConfig& config, std::string_view assignment);

}  // namespace sockscope

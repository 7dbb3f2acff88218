#include "config/config_keys.h"

#include <sys/un.h>

#include <algorithm>
#include <array>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "config/config_hooks.h"
#include "config/value_checks.h"

namespace sockscope::config {

namespace {

constexpr std::array<std::string_view, 4> kLogLevels = {"debug", "info", "warning", "error"};

// A socket path must fit sockaddr_un with its terminating NUL.
constexpr size_t kSunPathBytes = sizeof(sockaddr_un{}.sun_path);

// Seconds in a year: the daemon turns timeouts into chrono durations, and
// a bound keeps that conversion far from overflow.
constexpr double kYear = 365.0 * 24 * 3600;

template <typename T>
constexpr bool kIsString = std::is_same_v<T, std::string> || std::is_same_v<T, std::optional<std::string>>;

// One table entry: `read` turns the node into a value (or an Error) and the
// value is stored in `field` only when it is good.
template <typename Field, typename Reader>
ConfigKey key(std::string_view path, Field DaemonConfig::*field, Reader read) {
  return ConfigKey{path, kIsString<Field>, [field, read](const toml::node& node, DaemonConfig& config) -> Result<void> {
                     auto value = read(node);
                     if (!value) return value.error();
                     config.*field = static_cast<Field>(std::move(*value));
                     return {};
                   }};
}

// A key for a field deeper in DaemonConfig, reached through `field_of`.
template <typename FieldOf, typename Reader>
ConfigKey nested_key(std::string_view path, FieldOf field_of, Reader read, bool takes_string = false) {
  return ConfigKey{path, takes_string, [field_of, read](const toml::node& node, DaemonConfig& config) -> Result<void> {
                     auto value = read(node);
                     if (!value) return value.error();
                     auto& field = field_of(config);
                     field = static_cast<std::remove_reference_t<decltype(field)>>(*value);
                     return {};
                   }};
}

auto number(NumberRange range) {
  return [range](const toml::node& node) { return read_number(node, range); };
}

auto integer(IntegerRange range) {
  return [range](const toml::node& node) { return read_integer(node, range); };
}

auto boolean() { return [](const toml::node& node) { return read_bool(node); }; }

std::vector<ConfigKey> make_keys() {
  return {
      key("daemon.interval_s", &DaemonConfig::interval_s, number({kMinPollIntervalS, kMaxPollIntervalS})),
      key("daemon.socket_path", &DaemonConfig::socket_path,
          [](const toml::node& node) { return read_absolute_path(node, kSunPathBytes); }),
      key("daemon.socket_group", &DaemonConfig::socket_group, [](const toml::node& node) { return read_name(node); }),
      key("daemon.max_clients", &DaemonConfig::max_clients, integer({1, 4096})),
      key("daemon.client_idle_timeout_s", &DaemonConfig::client_idle_timeout_s,
          number({0, kYear, /*min_exclusive=*/true})),
      key("daemon.client_output_limit", &DaemonConfig::client_output_limit, integer({64 * 1024})),
      key("daemon.log_level", &DaemonConfig::log_level,
          [](const toml::node& node) { return read_choice(node, kLogLevels); }),
      key("history.seconds", &DaemonConfig::history_seconds, number({1, 86400})),
      key("collect.processes", &DaemonConfig::processes, boolean()),
      key("collect.owner_rescan_s", &DaemonConfig::owner_rescan_s, number({0, 3600})),
      key("collect.tcp_info", &DaemonConfig::tcp_info, boolean()),
      key("collect.mem", &DaemonConfig::mem, boolean()),
  };
}

#define SOCKSCOPE_DETECTOR_KEY(kind, field, reader)                                                      \
  nested_key("detectors." #kind "." #field, [](DaemonConfig& c) -> auto& { return c.detectors.kind.field; }, \
             reader)

void add_detector_keys(std::vector<ConfigKey>& keys) {
  const auto percent = number({0, 100});
  const auto seconds = number({0, kYear});
  const auto count = integer({0});
  const auto polls = integer({1, 1000000});
  keys.insert(keys.end(), {
      SOCKSCOPE_DETECTOR_KEY(time_wait_buildup, enabled, boolean()),
      SOCKSCOPE_DETECTOR_KEY(time_wait_buildup, warning_pct, percent),
      SOCKSCOPE_DETECTOR_KEY(time_wait_buildup, critical_pct, percent),
      SOCKSCOPE_DETECTOR_KEY(time_wait_buildup, warning_count, count),
      SOCKSCOPE_DETECTOR_KEY(time_wait_buildup, top_n, integer({1, 100})),
      SOCKSCOPE_DETECTOR_KEY(ephemeral_port_exhaustion, enabled, boolean()),
      SOCKSCOPE_DETECTOR_KEY(ephemeral_port_exhaustion, warning_pct, percent),
      SOCKSCOPE_DETECTOR_KEY(ephemeral_port_exhaustion, critical_pct, percent),
      SOCKSCOPE_DETECTOR_KEY(close_wait_buildup, enabled, boolean()),
      SOCKSCOPE_DETECTOR_KEY(close_wait_buildup, min_age_s, seconds),
      SOCKSCOPE_DETECTOR_KEY(close_wait_buildup, min_count, integer({1})),
      SOCKSCOPE_DETECTOR_KEY(close_wait_buildup, max_age_s, seconds),
      SOCKSCOPE_DETECTOR_KEY(half_open, enabled, boolean()),
      SOCKSCOPE_DETECTOR_KEY(half_open, min_retransmits, integer({1, 255})),
      SOCKSCOPE_DETECTOR_KEY(half_open, idle_s, seconds),
      SOCKSCOPE_DETECTOR_KEY(listen_overflow, enabled, boolean()),
      SOCKSCOPE_DETECTOR_KEY(listen_overflow, queue_pct, percent),
      SOCKSCOPE_DETECTOR_KEY(syn_flood, enabled, boolean()),
      SOCKSCOPE_DETECTOR_KEY(syn_flood, warning_count, integer({1})),
      SOCKSCOPE_DETECTOR_KEY(syn_flood, critical_count, integer({1})),
      SOCKSCOPE_DETECTOR_KEY(send_stalled, enabled, boolean()),
      SOCKSCOPE_DETECTOR_KEY(send_stalled, queue_pct, percent),
      SOCKSCOPE_DETECTOR_KEY(send_stalled, min_polls, polls),
      SOCKSCOPE_DETECTOR_KEY(recv_stranded, enabled, boolean()),
      SOCKSCOPE_DETECTOR_KEY(recv_stranded, min_polls, polls),
      SOCKSCOPE_DETECTOR_KEY(recv_stranded, min_bytes, integer({1})),
      SOCKSCOPE_DETECTOR_KEY(orphans, enabled, boolean()),
      SOCKSCOPE_DETECTOR_KEY(orphans, warning_pct, percent),
      SOCKSCOPE_DETECTOR_KEY(orphans, critical_pct, percent),
      SOCKSCOPE_DETECTOR_KEY(tcp_memory_pressure, enabled, boolean()),
      SOCKSCOPE_DETECTOR_KEY(tcp_memory_pressure, critical_pct, percent),
      SOCKSCOPE_DETECTOR_KEY(fin_wait2_lingering, enabled, boolean()),
      SOCKSCOPE_DETECTOR_KEY(fin_wait2_lingering, warning_count, integer({1})),
      SOCKSCOPE_DETECTOR_KEY(fin_wait2_lingering, max_age_s, seconds),
      SOCKSCOPE_DETECTOR_KEY(closing_lingering, enabled, boolean()),
      SOCKSCOPE_DETECTOR_KEY(closing_lingering, warning_count, integer({1})),
      SOCKSCOPE_DETECTOR_KEY(closing_lingering, max_age_s, seconds),
      SOCKSCOPE_DETECTOR_KEY(shared_listener, enabled, boolean()),
      SOCKSCOPE_DETECTOR_KEY(shared_listener, min_processes, integer({2, 1000000})),
      SOCKSCOPE_DETECTOR_KEY(rst_storm, enabled, boolean()),
      SOCKSCOPE_DETECTOR_KEY(rst_storm, ratio, number({1, 1e6})),
      SOCKSCOPE_DETECTOR_KEY(rst_storm, min_rate, number({0, 1e9})),
      nested_key("findings.raise_after", [](DaemonConfig& c) -> auto& { return c.findings.raise_after; },
                 integer({1, 1000})),
      nested_key("findings.clear_after", [](DaemonConfig& c) -> auto& { return c.findings.clear_after; },
                 integer({1, 1000})),
  });
}

#undef SOCKSCOPE_DETECTOR_KEY

// A [[hooks]] table is a record, read by config_hooks.cpp from the file. Its
// keys are listed here only so errors and the section list name them; --set
// cannot say which hook it means, so it refuses them.
void add_hook_keys(std::vector<ConfigKey>& keys) {
  // ConfigKey holds a string_view: the paths live as long as the table.
  static const std::vector<std::string> kPaths = [] {
    std::vector<std::string> paths;
    for (std::string_view name : hook_key_names()) paths.push_back("hooks." + std::string(name));
    return paths;
  }();
  for (const std::string& path : kPaths) {
    keys.push_back(ConfigKey{path, false, [](const toml::node&, DaemonConfig&) -> Result<void> {
                               return make_error("[[hooks]] tables are read from the config file only; "
                                                 "--set cannot add or change a hook");
                             }});
  }
}

void add_runner_and_metrics_keys(std::vector<ConfigKey>& keys) {
  // Long enough for any path the kernel takes (PATH_MAX counts the NUL).
  constexpr size_t kPathMax = 4096;
  keys.insert(keys.end(), {
      nested_key("hook_runner.max_running", [](DaemonConfig& c) -> auto& { return c.hook_runner.max_running; },
                 integer({1, 64})),
      nested_key("hook_runner.queue_limit", [](DaemonConfig& c) -> auto& { return c.hook_runner.queue_limit; },
                 integer({0, 10000})),
      nested_key("hook_runner.min_interval_s",
                 [](DaemonConfig& c) -> auto& { return c.hook_runner.min_interval_s; }, number({0, 86400})),
      nested_key("metrics.listen", [](DaemonConfig& c) -> auto& { return c.metrics.listen; },
                 [](const toml::node& node) { return read_listen_address(node); }, /*takes_string=*/true),
      nested_key("metrics.textfile", [](DaemonConfig& c) -> auto& { return c.metrics.textfile; },
                 [](const toml::node& node) { return read_absolute_path(node, kPathMax); }, /*takes_string=*/true),
      nested_key("metrics.max_scrapes", [](DaemonConfig& c) -> auto& { return c.metrics.max_scrapes; },
                 integer({1, 1024})),
      nested_key("metrics.top_n", [](DaemonConfig& c) -> auto& { return c.metrics.top_n; }, integer({1, 1000})),
  });
}

// The section a key path sits in: "daemon" for "daemon.interval_s".
std::string_view parent_of(std::string_view path) {
  size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : path.substr(0, dot);
}

// Names in table order, each once, comma-separated.
std::string join_distinct(const std::vector<std::string_view>& names) {
  std::vector<std::string_view> seen;
  std::string list;
  for (std::string_view name : names) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    if (!list.empty()) list += ", ";
    list += name;
  }
  return list;
}

}  // namespace

std::span<const ConfigKey> config_keys() {
  // Built once and never changed: a constant table, not mutable state.
  static const std::vector<ConfigKey> keys = [] {
    std::vector<ConfigKey> all = make_keys();
    add_detector_keys(all);
    add_hook_keys(all);
    add_runner_and_metrics_keys(all);
    return all;
  }();
  return keys;
}

const ConfigKey* find_config_key(std::string_view path) {
  for (const ConfigKey& k : config_keys()) {
    if (k.path == path) return &k;
  }
  return nullptr;
}

bool is_config_section(std::string_view path) {
  for (const ConfigKey& k : config_keys()) {
    if (k.path.size() > path.size() && k.path.starts_with(path) && k.path[path.size()] == '.') return true;
  }
  return false;
}

std::string keys_in_section(std::string_view section) {
  std::vector<std::string_view> names;
  for (const ConfigKey& k : config_keys()) {
    if (parent_of(k.path) == section) names.push_back(k.path.substr(section.size() + 1));
  }
  return join_distinct(names);
}

std::string sections_in(std::string_view section) {
  std::vector<std::string_view> names;
  const size_t skip = section.empty() ? 0 : section.size() + 1;
  for (const ConfigKey& k : config_keys()) {
    if (!section.empty() && !(k.path.starts_with(section) && k.path.size() > skip && k.path[section.size()] == '.'))
      continue;
    std::string_view rest = k.path.substr(skip);
    size_t dot = rest.find('.');
    if (dot != std::string_view::npos) names.push_back(rest.substr(0, dot));
  }
  return join_distinct(names);
}

}  // namespace sockscope::config

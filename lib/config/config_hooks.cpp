#include "config/config_hooks.h"

#include <algorithm>
#include <array>
#include <functional>
#include <string>

#include "config/value_checks.h"
#include "detect/detector.h"

namespace sockscope::config {

namespace {

constexpr std::array<std::string_view, 5> kHookKeys = {"command", "on", "kinds", "min_severity", "timeout_s"};
constexpr std::array<std::string_view, 3> kSeverities = {"info", "warning", "critical"};

using HookReader = std::function<Result<void>(const toml::node&, HookConfig&)>;

Error expected(std::string_view what, const toml::node& node) {
  return make_error("expected " + std::string(what) + ", got " + describe_value(node));
}

// The element that spoiled an array, shown with its index.
Error expected_in_array(std::string_view what, const toml::node& element, size_t index) {
  return make_error("expected " + std::string(what) + ", got " + describe_value(element) + " at [" +
                    std::to_string(index) + "]");
}

Result<void> read_command(const toml::node& node, HookConfig& hook) {
  constexpr std::string_view kWhat = "a non-empty array of strings (the program, then its arguments)";
  const toml::array* array = node.as_array();
  if (array == nullptr || array->empty()) return expected(kWhat, node);
  std::vector<std::string> argv;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const auto* text = element.as_string();
    // execve takes C strings: a NUL would cut an argument short
    if (text == nullptr || text->get().find('\0') != std::string::npos) return expected_in_array(kWhat, element, i);
    if (i == 0 && text->get().empty()) return expected_in_array(kWhat, element, i);
    argv.push_back(text->get());
  }
  hook.command = std::move(argv);
  return {};
}

Result<void> read_on(const toml::node& node, HookConfig& hook) {
  constexpr std::string_view kWhat = "\"raised\", \"cleared\" or an array of them";
  auto event_of = [](const toml::node& n) -> std::string_view {
    const auto* text = n.as_string();
    if (text == nullptr) return {};
    if (text->get() == "raised") return "raised";
    if (text->get() == "cleared") return "cleared";
    return {};
  };
  bool raised = false;
  bool cleared = false;
  auto take = [&](std::string_view event) { (event == "raised" ? raised : cleared) = true; };
  if (const toml::array* array = node.as_array()) {
    if (array->empty()) return expected(kWhat, node);
    for (size_t i = 0; i < array->size(); ++i) {
      std::string_view event = event_of(*array->get(i));
      if (event.empty()) return expected_in_array(kWhat, *array->get(i), i);
      take(event);
    }
  } else {
    std::string_view event = event_of(node);
    if (event.empty()) return expected(kWhat, node);
    take(event);
  }
  hook.on_raised = raised;
  hook.on_cleared = cleared;
  return {};
}

std::string known_kinds() {
  std::string list;
  for (const DetectorInfo& d : detectors()) {
    if (!list.empty()) list += ", ";
    list += d.kind;
  }
  return list;
}

Result<void> read_kinds(const toml::node& node, HookConfig& hook) {
  constexpr std::string_view kWhat = "a non-empty array of finding kinds";
  const toml::array* array = node.as_array();
  if (array == nullptr || array->empty()) return expected(kWhat, node);
  std::vector<std::string> kinds;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const auto* text = element.as_string();
    if (text == nullptr) return expected_in_array(kWhat, element, i);
    if (find_detector(text->get()) == nullptr) {
      return make_error("unknown kind " + describe_value(element) + " (kinds: " + known_kinds() + ")");
    }
    if (std::find(kinds.begin(), kinds.end(), text->get()) == kinds.end()) kinds.push_back(text->get());
  }
  hook.kinds = std::move(kinds);
  return {};
}

Result<void> read_min_severity(const toml::node& node, HookConfig& hook) {
  auto name = read_choice(node, kSeverities);
  if (!name) return name.error();
  hook.min_severity = parse_severity(*name).value_or(Severity::Info);
  return {};
}

Result<void> read_timeout(const toml::node& node, HookConfig& hook) {
  auto seconds = read_number(node, {0.1, 3600});
  if (!seconds) return seconds.error();
  hook.timeout_s = *seconds;
  return {};
}

const HookReader* reader_for(std::string_view key) {
  static const std::array<std::pair<std::string_view, HookReader>, 5> kReaders = {{
      {"command", read_command},
      {"on", read_on},
      {"kinds", read_kinds},
      {"min_severity", read_min_severity},
      {"timeout_s", read_timeout},
  }};
  for (const auto& [name, reader] : kReaders) {
    if (name == key) return &reader;
  }
  return nullptr;
}

std::string key_list() {
  std::string list;
  for (std::string_view key : kHookKeys) {
    if (!list.empty()) list += ", ";
    list += key;
  }
  return list;
}

// One [[hooks]] table; false when it had a problem.
bool read_hook(const toml::table& table, HookConfig& hook, std::vector<ConfigProblem>& problems) {
  bool good = true;
  for (auto&& [name, value] : table) {
    const std::string path = "hooks." + std::string(name.str());
    if (const HookReader* reader = reader_for(name.str())) {
      if (auto applied = (*reader)(value, hook); !applied) {
        problems.push_back({value.source().begin, path + ": " + applied.error().message});
        good = false;
      }
    } else {
      problems.push_back({name.source().begin, path + ": unknown key (keys in [[hooks]]: " + key_list() + ")"});
      good = false;
    }
  }
  if (!table.contains("command")) {
    problems.push_back({table.source().begin,
                        "hooks.command: missing; every [[hooks]] table needs a command (an array of strings)"});
    good = false;
  }
  return good;
}

}  // namespace

std::span<const std::string_view> hook_key_names() { return kHookKeys; }

void read_hooks(const toml::node& node, std::vector<HookConfig>& hooks, std::vector<ConfigProblem>& problems) {
  const toml::array* array = node.as_array();
  if (array != nullptr && array->empty()) {  // `hooks = []`: none
    hooks.clear();
    return;
  }
  if (array == nullptr || !array->is_array_of_tables()) {
    problems.push_back({node.source().begin, "hooks: expected an array of tables ([[hooks]]), got " +
                                                 describe_value(node)});
    return;
  }
  std::vector<HookConfig> read;
  bool good = true;
  for (const toml::node& element : *array) {
    HookConfig hook;
    good = read_hook(*element.as_table(), hook, problems) && good;
    read.push_back(std::move(hook));
  }
  if (good) hooks = std::move(read);
}

}  // namespace sockscope::config

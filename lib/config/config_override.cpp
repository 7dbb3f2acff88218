// apply_override: one --set KEY=VALUE, checked by the same table as the file.
#include <exception>
#include <optional>
#include <string>

#include <toml++/toml.h>

#include "config/config.h"
#include "config/config_keys.h"

namespace sockscope {

namespace {

std::string_view trimmed(std::string_view text) {
  constexpr std::string_view kSpace = " \t";
  size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(kSpace);
  return text.substr(begin, end - begin + 1);
}

// VALUE as TOML ("0.5", "true", "\"/run/x.sock\""); nullopt when it is not
// exactly one TOML value.
std::optional<toml::table> parse_value(std::string_view value) {
  if (value.find_first_of("\r\n") != std::string_view::npos) return std::nullopt;  // one line, one value
  std::string doc = "value = ";
  doc += value;
  try {
    toml::table parsed = toml::parse(doc, std::string_view("--set"));
    if (parsed.size() != 1 || !parsed.contains("value")) return std::nullopt;
    return parsed;
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
}

}  // namespace

Result<void> apply_override(DaemonConfig& config, std::string_view assignment) {
  const std::string where = "--set " + std::string(assignment) + ": ";
  try {
    size_t eq = assignment.find('=');
    if (eq == std::string_view::npos) return make_error(where + "expected KEY=VALUE, e.g. daemon.interval_s=0.5");
    std::string path(trimmed(assignment.substr(0, eq)));
    std::string_view raw = trimmed(assignment.substr(eq + 1));

    const config::ConfigKey* key = config::find_config_key(path);
    if (key == nullptr) {
      std::string what = config::is_config_section(path) ? "is a section, not a key" : "unknown key";
      return make_error(where + path + ": " + what);
    }

    // A string key takes a bare word (log_level=debug) unless VALUE is a
    // quoted TOML string; any other key gets VALUE as TOML, and text that is
    // no TOML value is shown back as a string in the error.
    std::optional<toml::table> parsed = parse_value(raw);
    bool use_raw = !parsed || (key->takes_string && !(*parsed)["value"].is_string());
    toml::table holder;
    if (use_raw) {
      holder.insert("value", std::string(raw));
      parsed = std::move(holder);
    }
    const toml::node& value = *parsed->get("value");

    DaemonConfig updated = config;
    auto applied = key->apply(value, updated);
    if (!applied) return make_error(where + path + ": " + applied.error().message);
    config = std::move(updated);
    return {};
  } catch (const std::exception& e) {  // allocation failure: still a Result, never an escape
    return make_error(where + e.what());
  }
}

}  // namespace sockscope

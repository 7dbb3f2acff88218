#include "alert/hook_event.h"

#include <sys/utsname.h>

#include <cstdlib>

#include "render/findings_json.h"

namespace sockscope::alert {

namespace {

std::string entry(std::string_view name, std::string_view value) {
  std::string out(name);
  out += '=';
  for (char c : value) out += (c == '\0' ? '?' : c);
  return out;
}

std::optional<std::string> variable(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

}  // namespace

std::string_view hook_event_name(HookEventType type) {
  switch (type) {
    case HookEventType::Raised:
      return "raised";
    case HookEventType::Cleared:
      return "cleared";
    case HookEventType::Test:
      return "test";
  }
  return "test";
}

std::string event_json(const HookEvent& event) {
  nlohmann::ordered_json out;
  out["event"] = hook_event_name(event.type);
  out["test"] = event.type == HookEventType::Test;
  out["finding"] = finding_to_json(event.finding);
  out["host"] = event.host;
  out["time"] = std::chrono::duration<double>(event.time.time_since_epoch()).count();
  std::string text = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  return text;
}

InheritedEnvironment inherited_environment() {
  return InheritedEnvironment{variable("PATH"), variable("LANG"), variable("TZ")};
}

std::vector<std::string> hook_environment(const HookEvent& event, const InheritedEnvironment& inherited) {
  std::vector<std::string> env = {
      entry("SOCKSCOPE_EVENT", hook_event_name(event.type)),
      entry("SOCKSCOPE_KIND", event.finding.kind),
      entry("SOCKSCOPE_SEVERITY", severity_name(event.finding.severity)),
      entry("SOCKSCOPE_SUBJECT", event.finding.subject),
      entry("SOCKSCOPE_SUMMARY", event.finding.summary),
      entry("SOCKSCOPE_FINDING_ID", event.finding.id),
  };
  if (event.type == HookEventType::Test) env.push_back(entry("SOCKSCOPE_TEST", "1"));
  env.push_back(entry("PATH", inherited.path.value_or(std::string(kDefaultPath))));
  if (inherited.lang) env.push_back(entry("LANG", *inherited.lang));
  if (inherited.tz) env.push_back(entry("TZ", *inherited.tz));
  return env;
}

std::string host_name() {
  utsname names{};
  if (::uname(&names) != 0 || names.nodename[0] == '\0') return "localhost";
  return names.nodename;
}

}  // namespace sockscope::alert

// What a hook command is told: the event as JSON on its stdin and a few
// environment variables, so a one-line shell script needs no JSON parser.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detect/finding.h"

namespace sockscope::alert {

enum class HookEventType { Raised, Cleared, Test };
std::string_view hook_event_name(HookEventType type);  // "raised", "cleared", "test"

struct HookEvent {
  HookEventType type = HookEventType::Raised;
  Finding finding;  // for Cleared: as it was last seen
  std::string host;  // the node name (uname -n)
  std::chrono::system_clock::time_point time{};
};

// One line of JSON, '\n'-terminated:
// {"event":"raised","test":false,"finding":{...as findings --json...},"host":"web1","time":1712345678.25}
// Invalid UTF-8 in names the kernel or processes gave is replaced, never sent raw.
std::string event_json(const HookEvent& event);

// What of the daemon's own environment a hook keeps; nothing else leaks.
struct InheritedEnvironment {
  std::optional<std::string> path;
  std::optional<std::string> lang;
  std::optional<std::string> tz;
};
// PATH, LANG and TZ of this process.
InheritedEnvironment inherited_environment();

// Used when the daemon itself runs without PATH.
inline constexpr std::string_view kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// "NAME=value" entries: SOCKSCOPE_EVENT, SOCKSCOPE_KIND, SOCKSCOPE_SEVERITY,
// SOCKSCOPE_SUBJECT, SOCKSCOPE_SUMMARY, SOCKSCOPE_FINDING_ID, SOCKSCOPE_TEST=1
// for a test event only, then PATH (always), LANG and TZ (when inherited).
// A NUL byte cannot pass through execve and becomes '?'.
std::vector<std::string> hook_environment(const HookEvent& event, const InheritedEnvironment& inherited);

// This host's node name, "localhost" if uname fails.
std::string host_name();

}  // namespace sockscope::alert

#include "alert/hook_match.h"

#include <algorithm>

namespace sockscope::alert {

namespace {

bool takes_kind(const HookConfig& hook, std::string_view kind) {
  return hook.kinds.empty() || std::find(hook.kinds.begin(), hook.kinds.end(), kind) != hook.kinds.end();
}

bool reaches(Severity severity, Severity minimum) { return severity >= minimum; }

}  // namespace

bool hook_matches(const HookConfig& hook, HookEventType type, const Finding& finding) {
  if (!takes_kind(hook, finding.kind)) return false;
  switch (type) {
    case HookEventType::Raised:
      return hook.on_raised && reaches(finding.severity, hook.min_severity);
    case HookEventType::Cleared:
      return hook.on_cleared && (hook.on_raised || reaches(finding.severity, hook.min_severity));
    case HookEventType::Test:
      return false;
  }
  return false;
}

std::vector<size_t> hooks_for_test(const std::vector<HookConfig>& hooks, std::optional<std::string_view> kind) {
  std::vector<size_t> chosen;
  for (size_t i = 0; i < hooks.size(); ++i) {
    if (kind && !takes_kind(hooks[i], *kind)) continue;
    if (!reaches(kTestSeverity, hooks[i].min_severity)) continue;
    chosen.push_back(i);
  }
  return chosen;
}

}  // namespace sockscope::alert

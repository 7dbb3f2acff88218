// Which configured hooks an event goes to.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "alert/hook_event.h"
#include "config/config.h"

namespace sockscope::alert {

// A raise goes to hooks `on` "raised" whose kinds include the finding's (or
// that name no kinds) and whose min_severity it reaches. A clear goes to
// hooks `on` "cleared" by kind; its severity is checked only for hooks that
// take no raises: a hook that took the raise must hear the clear whatever
// the severity has become (the rate limiter lets only clears of delivered
// raises through to such hooks). A test event matches no hook here: see
// hooks_for_test.
bool hook_matches(const HookConfig& hook, HookEventType type, const Finding& finding);

// The severity a test event carries.
inline constexpr Severity kTestSeverity = Severity::Warning;

// Indices of the hooks `sockscope hooks test [KIND]` runs: with a kind,
// those whose kinds include it (or name none); without, every hook. Either
// way only hooks whose min_severity a warning reaches; `on` is not
// consulted, a test is neither a raise nor a clear.
std::vector<size_t> hooks_for_test(const std::vector<HookConfig>& hooks, std::optional<std::string_view> kind);

}  // namespace sockscope::alert

#include <gtest/gtest.h>

#include "alert/hook_match.h"

namespace sockscope::alert {
namespace {

Finding finding(std::string kind, Severity severity) {
  Finding f;
  f.kind = kind;
  f.id = kind + ":host";
  f.severity = severity;
  return f;
}

HookConfig hook(bool on_raised, bool on_cleared, std::vector<std::string> kinds = {},
                Severity min_severity = Severity::Info) {
  HookConfig h;
  h.command = {"/bin/true"};
  h.on_raised = on_raised;
  h.on_cleared = on_cleared;
  h.kinds = std::move(kinds);
  h.min_severity = min_severity;
  return h;
}

TEST(HookMatch, OnSelectsRaisesAndClears) {
  const Finding f = finding("orphans", Severity::Warning);
  EXPECT_TRUE(hook_matches(hook(true, true), HookEventType::Raised, f));
  EXPECT_TRUE(hook_matches(hook(true, true), HookEventType::Cleared, f));
  EXPECT_TRUE(hook_matches(hook(true, false), HookEventType::Raised, f));
  EXPECT_FALSE(hook_matches(hook(true, false), HookEventType::Cleared, f));
  EXPECT_FALSE(hook_matches(hook(false, true), HookEventType::Raised, f));
  EXPECT_TRUE(hook_matches(hook(false, true), HookEventType::Cleared, f));
}

TEST(HookMatch, KindsListOrEveryKind) {
  const HookConfig some = hook(true, true, {"half_open", "orphans"});
  EXPECT_TRUE(hook_matches(some, HookEventType::Raised, finding("orphans", Severity::Warning)));
  EXPECT_TRUE(hook_matches(some, HookEventType::Cleared, finding("half_open", Severity::Warning)));
  EXPECT_FALSE(hook_matches(some, HookEventType::Raised, finding("syn_flood", Severity::Critical)));
  EXPECT_FALSE(hook_matches(some, HookEventType::Cleared, finding("syn_flood", Severity::Critical)));
  EXPECT_TRUE(hook_matches(hook(true, true), HookEventType::Raised, finding("syn_flood", Severity::Info)));
}

TEST(HookMatch, MinSeverityGatesRaises) {
  const HookConfig critical_only = hook(true, true, {}, Severity::Critical);
  EXPECT_FALSE(hook_matches(critical_only, HookEventType::Raised, finding("orphans", Severity::Info)));
  EXPECT_FALSE(hook_matches(critical_only, HookEventType::Raised, finding("orphans", Severity::Warning)));
  EXPECT_TRUE(hook_matches(critical_only, HookEventType::Raised, finding("orphans", Severity::Critical)));
  const HookConfig warning_up = hook(true, true, {}, Severity::Warning);
  EXPECT_TRUE(hook_matches(warning_up, HookEventType::Raised, finding("orphans", Severity::Warning)));
}

// A finding raised as critical may have eased to warning by the time it
// clears; the hook that heard the raise must still hear the clear (the rate
// limiter passes clears only for raises the hook took).
TEST(HookMatch, ClearsReachHooksThatTakeRaisesWhateverTheSeverity) {
  const HookConfig both = hook(true, true, {}, Severity::Critical);
  EXPECT_TRUE(hook_matches(both, HookEventType::Cleared, finding("orphans", Severity::Warning)));
  const HookConfig clears_only = hook(false, true, {}, Severity::Critical);
  EXPECT_FALSE(hook_matches(clears_only, HookEventType::Cleared, finding("orphans", Severity::Warning)));
  EXPECT_TRUE(hook_matches(clears_only, HookEventType::Cleared, finding("orphans", Severity::Critical)));
}

TEST(HookMatch, TestEventsAreNotMatchedHere) {
  EXPECT_FALSE(hook_matches(hook(true, true), HookEventType::Test, finding("orphans", Severity::Critical)));
}

TEST(HooksForTest, EveryHookAWarningReachesWithoutAKind) {
  const std::vector<HookConfig> hooks = {hook(true, true), hook(false, true, {"orphans"}),
                                         hook(true, false, {}, Severity::Critical),
                                         hook(true, true, {"half_open"}, Severity::Warning)};
  EXPECT_EQ(hooks_for_test(hooks, std::nullopt), (std::vector<size_t>{0, 1, 3}));
}

TEST(HooksForTest, AKindPicksHooksThatTakeIt) {
  const std::vector<HookConfig> hooks = {hook(true, true), hook(false, true, {"orphans"}),
                                         hook(true, true, {"half_open"}), hook(true, true, {"orphans"}, Severity::Critical)};
  EXPECT_EQ(hooks_for_test(hooks, "orphans"), (std::vector<size_t>{0, 1}));
  EXPECT_EQ(hooks_for_test(hooks, "half_open"), (std::vector<size_t>{0, 2}));
  EXPECT_EQ(hooks_for_test(hooks, "syn_flood"), (std::vector<size_t>{0}));
  EXPECT_TRUE(hooks_for_test({}, "syn_flood").empty());
}

}  // namespace
}  // namespace sockscope::alert

// Which hooks run for a poll's findings: raises, escalations, clears, held
// raises and dropped runs, driven with hand-made findings and times.
#include "alert/hook_dispatcher.h"

#include <gtest/gtest.h>

namespace sockscope::alert {
namespace {

using namespace std::chrono_literals;
using Clock = HookDispatcher::Clock;

Finding finding(Severity severity, std::string id = "close_wait_buildup:pid=42") {
  Finding f;
  f.id = std::move(id);
  f.kind = "close_wait_buildup";
  f.severity = severity;
  return f;
}

HookConfig hook(Severity min_severity, bool on_raised = true, bool on_cleared = true) {
  HookConfig h;
  h.command = {"/usr/local/bin/page-oncall"};
  h.min_severity = min_severity;
  h.on_raised = on_raised;
  h.on_cleared = on_cleared;
  return h;
}

FindingEvent raised(const Finding& f) { return {FindingEvent::Type::Raised, f}; }
FindingEvent cleared(const Finding& f) { return {FindingEvent::Type::Cleared, f}; }

// "hook:event:severity" for each run, e.g. "0:raised:critical".
std::vector<std::string> described(const PollDispatch& dispatch) {
  std::vector<std::string> out;
  for (const DispatchedRun& run : dispatch.runs) {
    out.push_back(std::to_string(run.hook) + ":" + std::string(hook_event_name(run.type)) + ":" +
                  std::string(severity_name(run.finding.severity)));
  }
  return out;
}

using Runs = std::vector<std::string>;

class HookDispatcherTest : public ::testing::Test {
 protected:
  PollDispatch poll(HookDispatcher& dispatcher, std::vector<FindingEvent> events, std::vector<Finding> active,
                    std::chrono::seconds at) {
    return dispatcher.on_poll(events, active, t0_ + at);
  }
  Clock::time_point t0_ = Clock::now();
};

TEST_F(HookDispatcherTest, AFindingThatBecomesCriticalReachesAHookWaitingForCritical) {
  HookDispatcher dispatcher({hook(Severity::Critical)}, 60s);
  const Finding warning = finding(Severity::Warning);
  const Finding critical = finding(Severity::Critical);
  EXPECT_EQ(described(poll(dispatcher, {raised(warning)}, {warning}, 0s)), Runs{});
  EXPECT_EQ(described(poll(dispatcher, {}, {warning}, 1s)), Runs{});
  EXPECT_EQ(described(poll(dispatcher, {}, {critical}, 2s)), Runs{"0:raised:critical"})
      << "the escalation goes out as a raise with the severity it has now";
  EXPECT_EQ(described(poll(dispatcher, {}, {critical}, 3s)), Runs{}) << "once";
  EXPECT_EQ(described(poll(dispatcher, {}, {warning}, 4s)), Runs{});
  EXPECT_EQ(described(poll(dispatcher, {}, {critical}, 5s)), Runs{}) << "the raise is still open: no second one";
  EXPECT_EQ(described(poll(dispatcher, {cleared(warning)}, {}, 6s)), Runs{"0:cleared:warning"})
      << "and its clear follows, whatever the severity fell to";
}

TEST_F(HookDispatcherTest, AHookThatTookTheRaiseHearsNothingMoreOfAnEscalation) {
  HookDispatcher dispatcher({hook(Severity::Warning), hook(Severity::Info, true, false)}, 60s);
  const Finding warning = finding(Severity::Warning);
  EXPECT_EQ(described(poll(dispatcher, {raised(warning)}, {warning}, 0s)), (Runs{"0:raised:warning", "1:raised:warning"}));
  EXPECT_EQ(described(poll(dispatcher, {}, {finding(Severity::Critical)}, 1s)), Runs{});
}

TEST_F(HookDispatcherTest, AnEscalationBelowTheHooksMinimumIsNotARaise) {
  HookDispatcher dispatcher({hook(Severity::Critical)}, 60s);
  const Finding info = finding(Severity::Info);
  EXPECT_EQ(described(poll(dispatcher, {raised(info)}, {info}, 0s)), Runs{});
  EXPECT_EQ(described(poll(dispatcher, {}, {finding(Severity::Warning)}, 1s)), Runs{});
  EXPECT_EQ(described(poll(dispatcher, {cleared(info)}, {}, 2s)), Runs{}) << "no raise, so no clear";
}

TEST_F(HookDispatcherTest, AnEscalationIsRateLimitedLikeARaise) {
  HookDispatcher dispatcher({hook(Severity::Critical)}, 60s);
  const Finding warning = finding(Severity::Warning);
  const Finding critical = finding(Severity::Critical);
  EXPECT_EQ(described(poll(dispatcher, {raised(critical)}, {critical}, 0s)), Runs{"0:raised:critical"});
  EXPECT_EQ(described(poll(dispatcher, {cleared(critical)}, {}, 1s)), Runs{"0:cleared:critical"});
  EXPECT_EQ(described(poll(dispatcher, {raised(warning)}, {warning}, 2s)), Runs{});
  PollDispatch escalated = poll(dispatcher, {}, {critical}, 3s);
  EXPECT_EQ(described(escalated), Runs{}) << "a minute has not passed since the last raise";
  ASSERT_EQ(escalated.held_back.size(), 1u);
  EXPECT_EQ(escalated.held_back[0].type, HookEventType::Raised);
  EXPECT_EQ(described(poll(dispatcher, {}, {critical}, 60s)), Runs{"0:raised:critical"}) << "delivered when due";
}

TEST_F(HookDispatcherTest, AHookOnRaisedAloneGetsAHeldRaiseOnceTheIntervalIsOver) {
  HookDispatcher dispatcher({hook(Severity::Info, true, false)}, 60s);
  const Finding f = finding(Severity::Warning);
  EXPECT_EQ(described(poll(dispatcher, {raised(f)}, {f}, 0s)), Runs{"0:raised:warning"});
  EXPECT_EQ(described(poll(dispatcher, {cleared(f)}, {}, 5s)), Runs{}) << "it takes no clears";
  EXPECT_EQ(described(poll(dispatcher, {raised(f)}, {f}, 20s)), Runs{}) << "too soon: held";
  EXPECT_EQ(described(poll(dispatcher, {}, {f}, 40s)), Runs{});
  EXPECT_EQ(described(poll(dispatcher, {}, {f}, 60s)), Runs{"0:raised:warning"})
      << "the held raise is delivered: the finding is raised again";
}

TEST_F(HookDispatcherTest, AHookOnRaisedAloneForgetsClearedFindings) {
  HookDispatcher dispatcher({hook(Severity::Info, true, false)}, 60s);
  for (int i = 0; i < 1000; ++i) {
    const Finding f = finding(Severity::Warning, "orphans:" + std::to_string(i));
    EXPECT_EQ(poll(dispatcher, {raised(f)}, {f}, 0s).runs.size(), 1u);
    EXPECT_TRUE(poll(dispatcher, {cleared(f)}, {}, 1s).runs.empty());
  }
  EXPECT_EQ(dispatcher.tracked(), 1000u) << "each within its interval";
  poll(dispatcher, {}, {}, 61s);
  EXPECT_EQ(dispatcher.tracked(), 0u) << "nothing raised, nothing remembered";
}

TEST_F(HookDispatcherTest, ADroppedRaiseGetsNoClear) {
  HookDispatcher dispatcher({hook(Severity::Info)}, 60s);
  const Finding f = finding(Severity::Warning);
  PollDispatch first = poll(dispatcher, {raised(f)}, {f}, 0s);
  ASSERT_EQ(described(first), Runs{"0:raised:warning"});
  dispatcher.dropped(first.runs[0].hook, first.runs[0].type, first.runs[0].finding.id);
  PollDispatch clear = poll(dispatcher, {cleared(f)}, {}, 5s);
  EXPECT_EQ(described(clear), Runs{}) << "the hook never heard of the raise";
  EXPECT_TRUE(clear.held_back.empty()) << "and that is not the flapping guard's doing";
  EXPECT_EQ(described(poll(dispatcher, {raised(f)}, {f}, 10s)), Runs{"0:raised:warning"})
      << "a dropped raise does not count against the interval";
}

// Each run the guard skips is counted: the raise held back, and the clear
// that cancels it instead of being sent.
TEST_F(HookDispatcherTest, AHeldRaiseAndTheClearThatCancelsItAreBothHeldBack) {
  HookDispatcher dispatcher({hook(Severity::Info)}, 60s);
  const Finding f = finding(Severity::Warning);
  ASSERT_EQ(described(poll(dispatcher, {raised(f)}, {f}, 0s)), Runs{"0:raised:warning"});
  ASSERT_EQ(described(poll(dispatcher, {cleared(f)}, {}, 5s)), Runs{"0:cleared:warning"});
  PollDispatch again = poll(dispatcher, {raised(f)}, {f}, 10s);
  EXPECT_TRUE(again.runs.empty()) << "too soon";
  ASSERT_EQ(again.held_back.size(), 1u);
  EXPECT_EQ(again.held_back[0].type, HookEventType::Raised);
  PollDispatch clear = poll(dispatcher, {cleared(f)}, {}, 15s);
  EXPECT_TRUE(clear.runs.empty()) << "the hook never got the raise";
  ASSERT_EQ(clear.held_back.size(), 1u);
  EXPECT_EQ(clear.held_back[0].type, HookEventType::Cleared);
  EXPECT_EQ(described(poll(dispatcher, {}, {}, 70s)), Runs{}) << "the held raise was cancelled";
}

TEST_F(HookDispatcherTest, ClearsOfFindingsAHookNeverHeardOfAreNotRateLimited) {
  HookDispatcher dispatcher({hook(Severity::Critical)}, 60s);
  const Finding f = finding(Severity::Warning);
  poll(dispatcher, {raised(f)}, {f}, 0s);
  PollDispatch clear = poll(dispatcher, {cleared(f)}, {}, 1s);
  EXPECT_TRUE(clear.runs.empty());
  EXPECT_TRUE(clear.held_back.empty());
}

TEST_F(HookDispatcherTest, AReloadKeepsWhatAnUnchangedHookKnows) {
  HookDispatcher dispatcher({hook(Severity::Info), hook(Severity::Critical)}, 60s);
  const Finding f = finding(Severity::Warning);
  EXPECT_EQ(described(poll(dispatcher, {raised(f)}, {f}, 0s)), Runs{"0:raised:warning"});
  const auto places = dispatcher.configure({hook(Severity::Critical), hook(Severity::Info)}, 60s);
  ASSERT_EQ(places.size(), 2u);
  EXPECT_EQ(places[0], std::optional<size_t>(1));
  EXPECT_EQ(places[1], std::optional<size_t>(0));
  EXPECT_EQ(described(poll(dispatcher, {}, {finding(Severity::Critical)}, 1s)), Runs{"0:raised:critical"})
      << "the critical hook, now first, hears of the escalation";
  EXPECT_EQ(described(poll(dispatcher, {cleared(f)}, {}, 2s)), (Runs{"0:cleared:warning", "1:cleared:warning"}));
}

}  // namespace
}  // namespace sockscope::alert

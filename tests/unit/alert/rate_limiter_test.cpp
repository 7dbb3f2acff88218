#include <gtest/gtest.h>

#include "alert/rate_limiter.h"

namespace sockscope::alert {
namespace {

using namespace std::chrono_literals;
using Clock = HookRateLimiter::Clock;

constexpr auto kRaised = HookEventType::Raised;
constexpr auto kCleared = HookEventType::Cleared;

class RateLimiterTest : public ::testing::Test {
 protected:
  bool admit(HookEventType type, std::chrono::seconds at, size_t hook = 0, const std::string& id = "orphans:host",
             bool takes_raises = true) {
    return limiter_.admit(hook, takes_raises, type, id, t0_ + at);
  }
  std::vector<HookRateLimiter::HeldRaise> due(std::chrono::seconds at) { return limiter_.due_raises(t0_ + at); }

  HookRateLimiter limiter_{60s};
  Clock::time_point t0_ = Clock::now();
};

TEST_F(RateLimiterTest, FirstRaiseAndItsClearRun) {
  EXPECT_TRUE(admit(kRaised, 0s));
  EXPECT_TRUE(admit(kCleared, 1s));
}

TEST_F(RateLimiterTest, FlappingRunsAtMostOnceAMinutePerEventType) {
  EXPECT_TRUE(admit(kRaised, 0s));
  EXPECT_TRUE(admit(kCleared, 5s));    // the clear of a delivered raise always runs
  EXPECT_FALSE(admit(kRaised, 10s));   // too soon: held back
  EXPECT_FALSE(admit(kCleared, 15s));  // its raise never ran, so neither does its clear
  EXPECT_FALSE(admit(kRaised, 20s));
  EXPECT_FALSE(admit(kCleared, 25s));
  EXPECT_TRUE(admit(kRaised, 60s));    // a minute after the last raise that ran
  EXPECT_TRUE(admit(kCleared, 61s));
}

TEST_F(RateLimiterTest, AHeldRaiseIsDueOnceTheIntervalIsOverIfNotClearedMeanwhile) {
  EXPECT_TRUE(admit(kRaised, 0s));
  EXPECT_TRUE(admit(kCleared, 5s));
  EXPECT_FALSE(admit(kRaised, 10s));  // and it stays raised
  EXPECT_TRUE(due(30s).empty());
  auto held = due(60s);
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].hook, 0u);
  EXPECT_EQ(held[0].finding_id, "orphans:host");
  EXPECT_TRUE(due(61s).empty()) << "handed out once";
  EXPECT_TRUE(admit(kRaised, 60s)) << "the caller delivers it";
  EXPECT_TRUE(admit(kCleared, 70s)) << "and that raise gets its clear";
}

TEST_F(RateLimiterTest, AClearCancelsTheHeldRaise) {
  EXPECT_TRUE(admit(kRaised, 0s));
  EXPECT_TRUE(admit(kCleared, 5s));
  EXPECT_FALSE(admit(kRaised, 10s));
  EXPECT_FALSE(admit(kCleared, 15s));
  EXPECT_TRUE(due(120s).empty());
}

TEST_F(RateLimiterTest, HooksAndFindingsAreCountedApart) {
  EXPECT_TRUE(admit(kRaised, 0s, 0, "a"));
  EXPECT_TRUE(admit(kRaised, 0s, 0, "b"));
  EXPECT_TRUE(admit(kRaised, 0s, 1, "a"));
  EXPECT_TRUE(admit(kCleared, 1s, 0, "a"));
  EXPECT_FALSE(admit(kRaised, 2s, 0, "a"));
  EXPECT_TRUE(admit(kCleared, 2s, 1, "a"));
}

TEST_F(RateLimiterTest, ClearOnlyHooksAreLimitedPerInterval) {
  EXPECT_TRUE(admit(kCleared, 0s, 0, "a", false));
  EXPECT_FALSE(admit(kCleared, 30s, 0, "a", false));
  EXPECT_TRUE(admit(kCleared, 60s, 0, "a", false));
}

TEST_F(RateLimiterTest, ZeroIntervalLetsEverythingThrough) {
  limiter_.set_min_interval(0s);
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(admit(kRaised, std::chrono::seconds(i)));
    EXPECT_TRUE(admit(kCleared, std::chrono::seconds(i)));
  }
}

TEST_F(RateLimiterTest, ForgetsWhatNoLongerMatters) {
  for (int i = 0; i < 100; ++i) {
    const std::string id = "f" + std::to_string(i);
    EXPECT_TRUE(admit(kRaised, 0s, 0, id));
    EXPECT_TRUE(admit(kCleared, 1s, 0, id));
  }
  EXPECT_TRUE(admit(kRaised, 0s, 0, "still-raised"));
  EXPECT_EQ(limiter_.tracked(), 101u);
  EXPECT_TRUE(due(120s).empty());
  EXPECT_EQ(limiter_.tracked(), 1u) << "only the raise still waiting for its clear";
  EXPECT_TRUE(admit(kCleared, 121s, 0, "still-raised"));
}

TEST_F(RateLimiterTest, ANotedClearLetsARaiseOnlyHookGetItsNextRaise) {
  // A hook on "raised" alone: its clears are noted, never admitted.
  EXPECT_TRUE(admit(kRaised, 0s));
  limiter_.note_clear(0, "orphans:host");
  EXPECT_FALSE(limiter_.raise_open(0, "orphans:host"));
  EXPECT_FALSE(admit(kRaised, 20s)) << "too soon";
  EXPECT_TRUE(limiter_.raise_held(0, "orphans:host"));
  auto held = due(60s);
  ASSERT_EQ(held.size(), 1u) << "a held raise is delivered after the interval";
  EXPECT_TRUE(admit(kRaised, 60s));
}

TEST_F(RateLimiterTest, ANotedClearLetsTheEntryBeForgotten) {
  for (int i = 0; i < 100; ++i) {
    const std::string id = "f" + std::to_string(i);
    EXPECT_TRUE(admit(kRaised, 0s, 0, id));
    limiter_.note_clear(0, id);
  }
  EXPECT_TRUE(due(120s).empty());
  EXPECT_EQ(limiter_.tracked(), 0u);
}

TEST_F(RateLimiterTest, ARetractedRaiseIsAsIfNeverAdmitted) {
  EXPECT_TRUE(admit(kRaised, 0s));
  limiter_.retract(0, "orphans:host");
  EXPECT_FALSE(limiter_.raise_open(0, "orphans:host"));
  EXPECT_FALSE(admit(kCleared, 5s)) << "no clear for a raise the hook never got";
  EXPECT_TRUE(admit(kRaised, 10s)) << "and no interval counted from it";
  EXPECT_TRUE(admit(kCleared, 15s));
  EXPECT_FALSE(admit(kRaised, 20s)) << "the interval runs from the raise at 10 s";
  limiter_.retract(0, "orphans:host");  // nothing open: nothing changes
  EXPECT_TRUE(limiter_.raise_held(0, "orphans:host"));
}

TEST_F(RateLimiterTest, RenumberKeepsWhatKeptHooksKnow) {
  EXPECT_TRUE(admit(kRaised, 0s, 0, "a"));
  EXPECT_TRUE(admit(kRaised, 0s, 1, "a"));
  // hook 1 becomes hook 0, old hook 0 is gone, new hook 1 is new
  const std::vector<std::optional<size_t>> old_of_new = {1, std::nullopt};
  limiter_.renumber(old_of_new);
  EXPECT_TRUE(admit(kCleared, 5s, 0, "a")) << "the moved hook's raise still gets its clear";
  EXPECT_FALSE(admit(kCleared, 5s, 1, "a")) << "the new hook never took the raise";
}

}  // namespace
}  // namespace sockscope::alert

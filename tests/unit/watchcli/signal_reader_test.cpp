// SignalReader hands the signal mask back as it found it: the signals it
// blocked are unblocked when it ends, by the live object only, and a signal
// left pending is dropped rather than delivered the old way.
#include "util/signal_reader.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <optional>

namespace sockscope {
namespace {

bool blocked(int sig) {
  sigset_t current;
  sigemptyset(&current);
  ::sigprocmask(SIG_BLOCK, nullptr, &current);
  return sigismember(&current, sig) == 1;
}

void set_blocked(int sig, bool on) {
  sigset_t one;
  sigemptyset(&one);
  sigaddset(&one, sig);
  ::sigprocmask(on ? SIG_BLOCK : SIG_UNBLOCK, &one, nullptr);
}

TEST(SignalReader, ReadsTheSignalsItBlocked) {
  ASSERT_FALSE(blocked(SIGUSR1));
  auto reader = SignalReader::create({SIGUSR1});
  ASSERT_TRUE(reader) << reader.error().describe();
  EXPECT_TRUE(blocked(SIGUSR1));
  EXPECT_EQ(reader->next(), std::nullopt);
  ASSERT_EQ(::raise(SIGUSR1), 0);
  EXPECT_EQ(reader->next(), SIGUSR1);
  EXPECT_EQ(reader->next(), std::nullopt);
}

TEST(SignalReader, UnblocksItsSignalsWhenItEnds) {
  ASSERT_FALSE(blocked(SIGUSR1));
  {
    auto reader = SignalReader::create({SIGUSR1});
    ASSERT_TRUE(reader) << reader.error().describe();
    EXPECT_TRUE(blocked(SIGUSR1));
  }
  EXPECT_FALSE(blocked(SIGUSR1));
}

TEST(SignalReader, LeavesBlockedWhatWasBlockedBefore) {
  set_blocked(SIGUSR2, true);
  {
    auto reader = SignalReader::create({SIGUSR1, SIGUSR2});
    ASSERT_TRUE(reader) << reader.error().describe();
  }
  EXPECT_TRUE(blocked(SIGUSR2));
  EXPECT_FALSE(blocked(SIGUSR1));
  set_blocked(SIGUSR2, false);
}

TEST(SignalReader, OnlyTheObjectMovedToRestores) {
  std::optional<Result<SignalReader>> made(SignalReader::create({SIGUSR1}));
  ASSERT_TRUE(*made) << (*made).error().describe();
  {
    SignalReader live(std::move(**made));
    made.reset();  // the moved-from reader ends first
    EXPECT_TRUE(blocked(SIGUSR1));
    ASSERT_EQ(::raise(SIGUSR1), 0);
    EXPECT_EQ(live.next(), SIGUSR1);

    auto other = SignalReader::create({SIGUSR2});
    ASSERT_TRUE(other) << other.error().describe();
    live = std::move(*other);  // gives up SIGUSR1, takes over SIGUSR2
    EXPECT_FALSE(blocked(SIGUSR1));
    EXPECT_TRUE(blocked(SIGUSR2));
  }
  EXPECT_FALSE(blocked(SIGUSR2));
}

TEST(SignalReader, APendingSignalIsDroppedNotDelivered) {
  {
    auto reader = SignalReader::create({SIGUSR1});
    ASSERT_TRUE(reader) << reader.error().describe();
    // Pending, unread: unblocking it would run its default action and end
    // this test program.
    ASSERT_EQ(::raise(SIGUSR1), 0);
  }
  EXPECT_FALSE(blocked(SIGUSR1));
  sigset_t pending;
  sigemptyset(&pending);
  ::sigpending(&pending);
  EXPECT_EQ(sigismember(&pending, SIGUSR1), 0);
}

}  // namespace
}  // namespace sockscope

// Times Tracker::update over a daemon-sized population. It prints the figures
// and asserts only the outcome: timing depends on the machine.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "track/tracker.h"
#include "track_fixtures.h"

namespace sockscope {
namespace {

constexpr uint64_t kSockets = 100000;
constexpr uint64_t kChurnPerPoll = 1000;  // sockets closed and opened between polls
constexpr int kPolls = 10;

double millis(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// Poll n sees cookies [n * churn + 1, n * churn + kSockets]; every tenth
// socket's receive queue moves each poll and every hundredth changes state.
void fill_poll(Snapshot& snapshot, int n) {
  snapshot.sockets.clear();
  const uint64_t first = static_cast<uint64_t>(n) * kChurnPerPoll + 1;
  for (uint64_t cookie = first; cookie < first + kSockets; ++cookie) {
    const auto recv_q = static_cast<uint32_t>(cookie % 10 == 0 ? n : 0);
    const TcpState state = cookie % 100 == 0 && n % 2 == 1 ? TcpState::CloseWait : TcpState::Established;
    snapshot.sockets.push_back(test::tracked(cookie, state, recv_q));
  }
}

TEST(TrackerTiming, HundredThousandSocketsPerPoll) {
  Tracker tracker;
  Snapshot snapshot;
  snapshot.sockets.reserve(kSockets);

  std::chrono::steady_clock::duration first{}, steady{};
  for (int n = 0; n < kPolls; ++n) {
    fill_poll(snapshot, n);
    const auto start = std::chrono::steady_clock::now();
    tracker.update(snapshot, test::poll_time(n));
    const auto took = std::chrono::steady_clock::now() - start;
    (n == 0 ? first : steady) += took;
  }
  std::printf("Tracker::update, %llu sockets: first poll %.2f ms, steady state %.2f ms per poll (%llu new per poll)\n",
              static_cast<unsigned long long>(kSockets), millis(first), millis(steady) / (kPolls - 1),
              static_cast<unsigned long long>(kChurnPerPoll));

  // This poll's sockets, plus last poll's leavers that are allowed one miss.
  EXPECT_EQ(tracker.size(), kSockets + kChurnPerPoll);
  const uint64_t last_first = (kPolls - 1) * kChurnPerPoll + 1;
  const TrackedSocket* survivor = tracker.find(last_first);
  ASSERT_NE(survivor, nullptr);
  EXPECT_EQ(survivor->first_seen, test::poll_time(0));
  const TrackedSocket* newest = tracker.find(last_first + kSockets - 1);
  ASSERT_NE(newest, nullptr);
  EXPECT_EQ(newest->first_seen, test::poll_time(kPolls - 1));
  EXPECT_EQ(tracker.find(last_first - kChurnPerPoll - 1), nullptr);
  ASSERT_NE(tracker.find(last_first - 1), nullptr);
  EXPECT_EQ(tracker.find(last_first - 1)->missed_polls, 1);
}

}  // namespace
}  // namespace sockscope

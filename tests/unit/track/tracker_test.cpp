#include "track/tracker.h"

#include <gtest/gtest.h>

#include "track_fixtures.h"

namespace sockscope {
namespace {

using test::poll_time;
using test::snapshot_of;
using test::tracked;

TEST(Tracker, FirstPollStampsEverySocketWithNow) {
  Tracker tracker;
  EXPECT_EQ(tracker.polls(), 0u);
  EXPECT_EQ(tracker.find(1), nullptr);

  tracker.update(snapshot_of({tracked(1, TcpState::Established, 5, 7), tracked(2, TcpState::Listen)}), poll_time(0));

  ASSERT_EQ(tracker.size(), 2u);
  EXPECT_EQ(tracker.polls(), 1u);
  EXPECT_EQ(tracker.last_poll(), poll_time(0));
  const TrackedSocket* s = tracker.find(1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->state, TcpState::Established);
  EXPECT_EQ(s->first_seen, poll_time(0));
  EXPECT_EQ(s->state_since, poll_time(0));
  EXPECT_EQ(s->last_change, poll_time(0));
  EXPECT_EQ(s->recv_q, 5u);
  EXPECT_EQ(s->send_q, 7u);
  EXPECT_EQ(s->missed_polls, 0);
  EXPECT_EQ(tracker.find(3), nullptr);
}

TEST(Tracker, UnchangedSocketKeepsItsTimes) {
  Tracker tracker;
  for (int n = 0; n < 3; ++n) tracker.update(snapshot_of({tracked(1, TcpState::CloseWait, 10)}), poll_time(n));
  const TrackedSocket* s = tracker.find(1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->first_seen, poll_time(0));
  EXPECT_EQ(s->state_since, poll_time(0));
  EXPECT_EQ(s->last_change, poll_time(0));
  EXPECT_EQ(tracker.last_poll(), poll_time(2));
}

TEST(Tracker, StateChangeResetsStateSince) {
  Tracker tracker;
  tracker.update(snapshot_of({tracked(1, TcpState::Established)}), poll_time(0));
  tracker.update(snapshot_of({tracked(1, TcpState::Established)}), poll_time(1));
  tracker.update(snapshot_of({tracked(1, TcpState::CloseWait)}), poll_time(2));

  const TrackedSocket* s = tracker.find(1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->state, TcpState::CloseWait);
  EXPECT_EQ(s->first_seen, poll_time(0));
  EXPECT_EQ(s->state_since, poll_time(2));
  EXPECT_EQ(s->last_change, poll_time(2));
}

TEST(Tracker, QueueChangeUpdatesLastChangeOnly) {
  Tracker tracker;
  tracker.update(snapshot_of({tracked(1, TcpState::Established, 0, 0)}), poll_time(0));
  tracker.update(snapshot_of({tracked(1, TcpState::Established, 100, 0)}), poll_time(1));

  const TrackedSocket* s = tracker.find(1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->state_since, poll_time(0));
  EXPECT_EQ(s->last_change, poll_time(1));
  EXPECT_EQ(s->recv_q, 100u);

  tracker.update(snapshot_of({tracked(1, TcpState::Established, 100, 3)}), poll_time(2));
  EXPECT_EQ(s->state_since, poll_time(0));
  EXPECT_EQ(s->last_change, poll_time(2));
  EXPECT_EQ(s->send_q, 3u);

  tracker.update(snapshot_of({tracked(1, TcpState::Established, 100, 3)}), poll_time(3));
  EXPECT_EQ(s->last_change, poll_time(2));
}

TEST(Tracker, MissingOnePollKeepsTheSocket) {
  Tracker tracker;
  tracker.update(snapshot_of({tracked(1, TcpState::Established), tracked(2, TcpState::Established)}), poll_time(0));
  tracker.update(snapshot_of({tracked(2, TcpState::Established)}), poll_time(1));

  ASSERT_EQ(tracker.size(), 2u);
  const TrackedSocket* missed = tracker.find(1);
  ASSERT_NE(missed, nullptr);
  EXPECT_EQ(missed->missed_polls, 1);
  EXPECT_EQ(missed->state, TcpState::Established);
  EXPECT_EQ(tracker.find(2)->missed_polls, 0);
}

TEST(Tracker, MissingTwoConsecutivePollsForgetsTheSocket) {
  Tracker tracker;
  tracker.update(snapshot_of({tracked(1, TcpState::TimeWait), tracked(2, TcpState::Established)}), poll_time(0));
  tracker.update(snapshot_of({tracked(2, TcpState::Established)}), poll_time(1));
  tracker.update(snapshot_of({tracked(2, TcpState::Established)}), poll_time(2));

  EXPECT_EQ(tracker.find(1), nullptr);
  EXPECT_EQ(tracker.size(), 1u);
  ASSERT_NE(tracker.find(2), nullptr);
}

TEST(Tracker, EmptyPollsForgetEverything) {
  Tracker tracker;
  tracker.update(snapshot_of({tracked(1, TcpState::Listen), tracked(2, TcpState::Listen)}), poll_time(0));
  tracker.update(Snapshot{}, poll_time(1));
  EXPECT_EQ(tracker.size(), 2u);
  tracker.update(Snapshot{}, poll_time(2));
  EXPECT_EQ(tracker.size(), 0u);
  EXPECT_EQ(tracker.polls(), 3u);
}

TEST(Tracker, ReappearingAfterOneMissKeepsItsHistory) {
  Tracker tracker;
  tracker.update(snapshot_of({tracked(1, TcpState::Established, 4)}), poll_time(0));
  tracker.update(Snapshot{}, poll_time(1));
  tracker.update(snapshot_of({tracked(1, TcpState::Established, 4)}), poll_time(2));

  const TrackedSocket* s = tracker.find(1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->first_seen, poll_time(0));
  EXPECT_EQ(s->state_since, poll_time(0));
  EXPECT_EQ(s->last_change, poll_time(0));
  EXPECT_EQ(s->missed_polls, 0);

  // The miss count restarts: one more miss keeps it, a second one forgets it.
  tracker.update(Snapshot{}, poll_time(3));
  ASSERT_NE(tracker.find(1), nullptr);
  EXPECT_EQ(tracker.find(1)->missed_polls, 1);
  tracker.update(Snapshot{}, poll_time(4));
  EXPECT_EQ(tracker.find(1), nullptr);
}

TEST(Tracker, ReappearingInANewStateKeepsFirstSeenOnly) {
  Tracker tracker;
  tracker.update(snapshot_of({tracked(1, TcpState::Established)}), poll_time(0));
  tracker.update(Snapshot{}, poll_time(1));
  tracker.update(snapshot_of({tracked(1, TcpState::FinWait2)}), poll_time(2));

  const TrackedSocket* s = tracker.find(1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->first_seen, poll_time(0));
  EXPECT_EQ(s->state, TcpState::FinWait2);
  EXPECT_EQ(s->state_since, poll_time(2));
}

TEST(Tracker, ForgottenCookieComesBackAsNew) {
  Tracker tracker;
  tracker.update(snapshot_of({tracked(1, TcpState::Established)}), poll_time(0));
  tracker.update(Snapshot{}, poll_time(1));
  tracker.update(Snapshot{}, poll_time(2));
  tracker.update(snapshot_of({tracked(1, TcpState::Established)}), poll_time(3));

  const TrackedSocket* s = tracker.find(1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->first_seen, poll_time(3));
  EXPECT_EQ(s->state_since, poll_time(3));
}

TEST(Tracker, SocketsSeenLaterStartAtTheirFirstPoll) {
  Tracker tracker;
  tracker.update(snapshot_of({tracked(1, TcpState::Listen)}), poll_time(0));
  tracker.update(snapshot_of({tracked(1, TcpState::Listen), tracked(9, TcpState::SynSent)}), poll_time(1));

  const TrackedSocket* s = tracker.find(9);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->first_seen, poll_time(1));
  EXPECT_EQ(s->state_since, poll_time(1));
  EXPECT_EQ(tracker.find(1)->first_seen, poll_time(0));
}

TEST(Tracker, PopulationDropLeavesOnlyTheSurvivors) {
  Tracker tracker;
  Snapshot big;
  for (uint64_t cookie = 1; cookie <= 20000; ++cookie) big.sockets.push_back(test::tracked(cookie, TcpState::TimeWait));
  tracker.update(big, poll_time(0));
  EXPECT_EQ(tracker.size(), 20000u);

  Snapshot small = snapshot_of({tracked(7, TcpState::TimeWait), tracked(20001, TcpState::Established)});
  tracker.update(small, poll_time(1));
  tracker.update(small, poll_time(2));
  EXPECT_EQ(tracker.size(), 2u);
  ASSERT_NE(tracker.find(7), nullptr);
  EXPECT_EQ(tracker.find(7)->first_seen, poll_time(0));
  ASSERT_NE(tracker.find(20001), nullptr);
  EXPECT_EQ(tracker.find(20000), nullptr);
}

}  // namespace
}  // namespace sockscope

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "track/history.h"
#include "track_fixtures.h"

namespace sockscope {
namespace {

using test::tracked;

uint32_t count(const PollAggregate& a, TcpState s) { return a.tcp_states[static_cast<size_t>(s)]; }

size_t counter_index(const std::string& name) {
  for (size_t i = 0; i < kHistoryCounters.size(); ++i) {
    if (name == kHistoryCounters[i]) return i;
  }
  ADD_FAILURE() << name << " is not a history counter";
  return 0;
}

TEST(AggregatePoll, CountsStatesFoldingRequestSocketsIntoSynRecv) {
  Snapshot snapshot = test::snapshot_of({
      tracked(1, TcpState::Established), tracked(2, TcpState::Established), tracked(3, TcpState::Listen),
      tracked(4, TcpState::SynRecv), tracked(5, TcpState::NewSynRecv), tracked(6, TcpState::NewSynRecv),
      tracked(7, TcpState::TimeWait), tracked(8, TcpState::CloseWait),
  });
  PollAggregate a = aggregate_poll(snapshot, nullptr);

  EXPECT_EQ(count(a, TcpState::Established), 2u);
  EXPECT_EQ(count(a, TcpState::Listen), 1u);
  EXPECT_EQ(count(a, TcpState::SynRecv), 3u);
  EXPECT_EQ(count(a, TcpState::NewSynRecv), 0u);
  EXPECT_EQ(count(a, TcpState::TimeWait), 1u);
  EXPECT_EQ(count(a, TcpState::CloseWait), 1u);
  EXPECT_EQ(count(a, TcpState::Close), 0u);
  EXPECT_EQ(a.udp_connected, 0u);
  EXPECT_EQ(a.udp_unconnected, 0u);
}

TEST(AggregatePoll, CountsUdpApartFromTcp) {
  Snapshot snapshot = test::snapshot_of({
      tracked(1, TcpState::Close, 0, 0, Proto::Udp), tracked(2, TcpState::Close, 0, 0, Proto::Udp),
      tracked(3, TcpState::Established, 0, 0, Proto::Udp), tracked(4, TcpState::Close),
      tracked(5, TcpState::Established),
  });
  PollAggregate a = aggregate_poll(snapshot, nullptr);

  EXPECT_EQ(a.udp_unconnected, 2u);
  EXPECT_EQ(a.udp_connected, 1u);
  EXPECT_EQ(count(a, TcpState::Close), 1u);
  EXPECT_EQ(count(a, TcpState::Established), 1u);
}

TEST(AggregatePoll, OutOfRangeStateCountsAsUnknown) {
  Snapshot snapshot = test::snapshot_of({tracked(1, static_cast<TcpState>(99))});
  PollAggregate a = aggregate_poll(snapshot, nullptr);
  EXPECT_EQ(count(a, TcpState::Unknown), 1u);
}

TEST(AggregatePoll, CopiesTimesAndSockstat) {
  Snapshot snapshot;
  snapshot.taken_at = std::chrono::system_clock::time_point{} + std::chrono::seconds(1700000000);
  snapshot.poll_duration = std::chrono::milliseconds(42);
  snapshot.system.sockstat.lines["TCP"] = {{"inuse", 10}, {"orphan", 2}, {"tw", 300}, {"alloc", 20}, {"mem", 7}};
  snapshot.system.sockstat.lines["TCP6"] = {{"inuse", 4}};
  PollAggregate a = aggregate_poll(snapshot, nullptr);

  EXPECT_EQ(a.taken_at, snapshot.taken_at);
  EXPECT_EQ(a.poll_duration, std::chrono::milliseconds(42));
  EXPECT_EQ(a.sockstat_tcp_inuse, 10);
  EXPECT_EQ(a.sockstat_tcp_orphan, 2);
  EXPECT_EQ(a.sockstat_tcp_tw, 300);
  EXPECT_EQ(a.sockstat_tcp_mem, 7);
  EXPECT_EQ(a.sockstat_tcp6_inuse, 4);
}

TEST(AggregatePoll, MissingSockstatIsUnknown) {
  Snapshot snapshot;
  snapshot.system.sockstat.lines["TCP"] = {{"inuse", 10}};
  PollAggregate a = aggregate_poll(snapshot, nullptr);

  EXPECT_EQ(a.sockstat_tcp_inuse, 10);
  EXPECT_EQ(a.sockstat_tcp_orphan, -1);
  EXPECT_EQ(a.sockstat_tcp_tw, -1);
  EXPECT_EQ(a.sockstat_tcp_mem, -1);
  EXPECT_EQ(a.sockstat_tcp6_inuse, -1);
}

TEST(AggregatePoll, WithoutABaselineEveryDeltaIsUnknown) {
  Snapshot snapshot;
  for (const char* name : kHistoryCounters) snapshot.system.counters.values[name] = 5;
  PollAggregate a = aggregate_poll(snapshot, nullptr);
  for (int64_t delta : a.counter_deltas) EXPECT_EQ(delta, -1);
}

TEST(AggregatePoll, CounterDeltasAgainstThePreviousPoll) {
  Counters previous;
  previous.values = {{"TcpExt.ListenOverflows", 100}, {"TcpExt.ListenDrops", 100}, {"Tcp.OutRsts", 50},
                     {"Tcp.RetransSegs", 1000},       {"TcpExt.TCPAbortOnData", 3}};
  Snapshot snapshot;
  snapshot.system.counters.values = {
      {"TcpExt.ListenOverflows", 130},  // grew by 30
      {"TcpExt.ListenDrops", 100},      // unchanged
      {"Tcp.OutRsts", 20},              // went backwards: reset
      {"Tcp.EstabResets", 9},           // absent before
      {"TcpExt.SyncookiesSent", 1},     // absent before
      // Tcp.RetransSegs and TcpExt.TCPAbortOnData absent now
  };
  PollAggregate a = aggregate_poll(snapshot, &previous);

  EXPECT_EQ(a.counter_deltas[counter_index("TcpExt.ListenOverflows")], 30);
  EXPECT_EQ(a.counter_deltas[counter_index("TcpExt.ListenDrops")], 0);
  EXPECT_EQ(a.counter_deltas[counter_index("Tcp.OutRsts")], -1);
  EXPECT_EQ(a.counter_deltas[counter_index("Tcp.EstabResets")], -1);
  EXPECT_EQ(a.counter_deltas[counter_index("TcpExt.SyncookiesSent")], -1);
  EXPECT_EQ(a.counter_deltas[counter_index("Tcp.RetransSegs")], -1);
  EXPECT_EQ(a.counter_deltas[counter_index("TcpExt.TCPAbortOnData")], -1);
  EXPECT_EQ(a.counter_deltas[counter_index("TcpExt.TCPMemoryPressures")], -1);
}

TEST(AggregatePoll, EveryHistoryCounterGetsItsOwnSlot) {
  Counters previous;
  Snapshot snapshot;
  for (size_t i = 0; i < kHistoryCounters.size(); ++i) {
    previous.values[kHistoryCounters[i]] = 1000;
    snapshot.system.counters.values[kHistoryCounters[i]] = 1000 + static_cast<int64_t>(i) + 1;
  }
  PollAggregate a = aggregate_poll(snapshot, &previous);
  for (size_t i = 0; i < kHistoryCounters.size(); ++i) {
    EXPECT_EQ(a.counter_deltas[i], static_cast<int64_t>(i) + 1) << kHistoryCounters[i];
  }
}

}  // namespace
}  // namespace sockscope

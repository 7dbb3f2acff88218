#include <gtest/gtest.h>

#include "conn_fixtures.h"
#include "detect/detector_fns.h"

namespace {

using namespace sockscope;
using test::conn;
using test::record;
using test::find_id;
using test::process;
using test::run_direct;
using test::Timeline;

constexpr uint64_t kInodeBase = 1000;

// `count` CLOSE_WAIT sockets of one server port, inodes and cookies from `first`.
std::vector<SocketRecord> close_waits(int count, uint64_t first, uint16_t port = 8080,
                                      const std::string& peer = "10.0.0.2") {
  std::vector<SocketRecord> out;
  for (int i = 0; i < count; ++i) {
    const uint64_t n = first + static_cast<uint64_t>(i);
    out.push_back(conn(TcpState::CloseWait, "10.0.0.1", port, peer, static_cast<uint16_t>(40000 + n), n,
                       kInodeBase + n));
  }
  return out;
}

// Every inode from kInodeBase + first to + first + count - 1 held by `pid`.
void hold(std::vector<ProcessIndex::Holding>& holdings, uint64_t first, int count, int32_t pid,
          const std::string& comm) {
  for (int i = 0; i < count; ++i) {
    holdings.push_back({kInodeBase + first + static_cast<uint64_t>(i), process(pid, comm, 10 + i)});
  }
}

DetectorsConfig defaults() { return DetectorsConfig{}; }

Snapshot direct_snapshot(const std::vector<SocketRecord>& sockets, int32_t pid = 100) {
  Snapshot snap;
  snap.sockets = sockets;
  std::vector<ProcessIndex::Holding> holdings;
  for (const SocketRecord& s : sockets) holdings.push_back({s.inode, process(pid, "app")});
  snap.processes = ProcessIndex(std::move(holdings));
  return snap;
}

TEST(CloseWaitBuildup, DirectModeCountsEachProcessAgainstMinCountWithAgesUnknown) {
  const Snapshot snap = direct_snapshot(close_waits(5, 1));
  const auto found = run_direct(detect_close_wait_buildup, snap, defaults());
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.id, "close_wait_buildup:pid=100");
  EXPECT_EQ(f.kind, "close_wait_buildup");
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_EQ(f.subject, "pid 100 (app)");
  EXPECT_EQ(f.summary, "pid 100 (app) holds 5 CLOSE_WAIT sockets (ages unknown)");
  EXPECT_EQ(f.evidence.at("pid"), 100);
  EXPECT_EQ(f.evidence.at("comm"), "app");
  EXPECT_EQ(f.evidence.at("count"), 5);
  EXPECT_TRUE(f.evidence.at("oldest_age_s").is_null());
  EXPECT_EQ(f.evidence.at("unknown_age_count"), 5);
  EXPECT_TRUE(f.evidence.at("growing").is_null());
  EXPECT_TRUE(f.evidence.at("new_in_window").is_null());
  EXPECT_EQ(f.evidence.at("local_ports"), nlohmann::ordered_json::parse(R"([{"port": 8080, "count": 5}])"));
  EXPECT_EQ(f.evidence.at("peers"), nlohmann::ordered_json::parse(R"([{"address": "10.0.0.2", "count": 5}])"));
  EXPECT_EQ(f.sockets, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_NE(f.advice.find("close()"), std::string::npos);
  EXPECT_NE(f.advice.find("8080"), std::string::npos);
}

TEST(CloseWaitBuildup, DirectModeOneBelowMinCountIsQuiet) {
  EXPECT_TRUE(run_direct(detect_close_wait_buildup, direct_snapshot(close_waits(4, 1)), defaults()).empty());
}

TEST(CloseWaitBuildup, DirectModeTakesThePeersSilenceAsALowerBoundOfTheAge) {
  auto sockets = close_waits(5, 1);
  for (SocketRecord& s : sockets) test::with_tcp_info(s).tcp_info.last_ack_recv = 59'999;
  EXPECT_TRUE(run_direct(detect_close_wait_buildup, direct_snapshot(sockets), defaults()).empty())
      << "the peer spoke less than min_age_s ago";

  for (SocketRecord& s : sockets) s.tcp_info.last_ack_recv = 60'000;
  sockets[2].tcp_info.last_ack_recv = 3'000'000;
  const auto found = run_direct(detect_close_wait_buildup, direct_snapshot(sockets), defaults());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence.at("count"), 5);
  EXPECT_EQ(found[0].evidence.at("oldest_age_s"), 3000.0);
  EXPECT_EQ(found[0].evidence.at("unknown_age_count"), 0);
  EXPECT_EQ(found[0].summary, "pid 100 (app) holds 5 CLOSE_WAIT sockets, oldest 50m");
}

TEST(CloseWaitBuildup, DirectModeShortTcpInfoLeavesTheAgeUnknown) {
  auto sockets = close_waits(5, 1);
  for (SocketRecord& s : sockets) {
    s.tcp_info.last_ack_recv = 10;  // would say "young", but the kernel did not send this far
    s.tcp_info_len = offsetof(TcpInfo, last_ack_recv);
  }
  const auto found = run_direct(detect_close_wait_buildup, direct_snapshot(sockets), defaults());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence.at("unknown_age_count"), 5);
}

TEST(CloseWaitBuildup, RecvQueueTellsWhetherTheEndOfStreamWasRead) {
  // Recv-Q counts the peer's FIN until read() returns 0 on it.
  auto sockets = close_waits(5, 1);
  const uint32_t queues[] = {0, 0, 1, 101, 1};
  for (size_t i = 0; i < sockets.size(); ++i) sockets[i].recv_q = queues[i];
  const auto mixed = run_direct(detect_close_wait_buildup, direct_snapshot(sockets), defaults());
  ASSERT_EQ(mixed.size(), 1u);
  EXPECT_EQ(mixed[0].evidence.at("eof_unread_count"), 3);
  EXPECT_EQ(mixed[0].evidence.at("unread_bytes"), 100);
  EXPECT_NE(mixed[0].advice.find("3 were never read to the end"), std::string::npos) << mixed[0].advice;

  for (SocketRecord& s : sockets) s.recv_q = 1;
  const auto none_read = run_direct(detect_close_wait_buildup, direct_snapshot(sockets), defaults());
  ASSERT_EQ(none_read.size(), 1u);
  EXPECT_EQ(none_read[0].evidence.at("eof_unread_count"), 5);
  EXPECT_EQ(none_read[0].evidence.at("unread_bytes"), 0);
  EXPECT_NE(none_read[0].advice.find("None was read to the end"), std::string::npos) << none_read[0].advice;

  for (SocketRecord& s : sockets) s.recv_q = 0;
  const auto all_read = run_direct(detect_close_wait_buildup, direct_snapshot(sockets), defaults());
  ASSERT_EQ(all_read.size(), 1u);
  EXPECT_EQ(all_read[0].evidence.at("eof_unread_count"), 0);
  EXPECT_NE(all_read[0].advice.find("a close() is missing"), std::string::npos) << all_read[0].advice;
}

TEST(CloseWaitBuildup, DaemonCountsOnlySocketsAtLeastMinAgeOld) {
  Timeline line;
  std::vector<ProcessIndex::Holding> holdings;
  for (const SocketRecord& s : close_waits(5, 1)) line.add(s, 0);
  for (const SocketRecord& s : close_waits(3, 6)) line.add(s, 50);  // younger: held, not counted
  hold(holdings, 1, 8, 100, "app");
  line.set_processes(ProcessIndex(std::move(holdings)));

  EXPECT_TRUE(line.run(detect_close_wait_buildup, defaults(), 59.9, 0.1).empty()) << "oldest is 59.9 s old";

  const auto found = line.run(detect_close_wait_buildup, defaults(), 60);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_EQ(f.evidence.at("count"), 5);
  EXPECT_EQ(f.evidence.at("close_wait_total"), 8);
  EXPECT_EQ(f.evidence.at("oldest_age_s"), 60.0);
  EXPECT_EQ(f.evidence.at("unknown_age_count"), 0);
  EXPECT_EQ(f.evidence.at("growing"), false);
  EXPECT_EQ(f.sockets, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(f.summary, "pid 100 (app) holds 5 CLOSE_WAIT sockets, oldest 60s");
}

TEST(CloseWaitBuildup, OneSocketOlderThanMaxAgeRaisesOnItsOwn) {
  DetectorsConfig config;
  Timeline line;
  line.add(close_waits(1, 1)[0], 0);
  std::vector<ProcessIndex::Holding> holdings;
  hold(holdings, 1, 1, 7, "worker");
  line.set_processes(ProcessIndex(std::move(holdings)));

  EXPECT_TRUE(line.run(detect_close_wait_buildup, config, 599).empty());
  const auto found = line.run(detect_close_wait_buildup, config, 600);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_EQ(found[0].evidence.at("count"), 1);
  EXPECT_EQ(found[0].evidence.at("over_max_age_count"), 1);
  EXPECT_EQ(found[0].summary, "pid 7 (worker) holds 1 CLOSE_WAIT socket, oldest 10m (over 10m)");
}

// Five held since second 0 and one more that entered CLOSE_WAIT at `late_s`;
// the detector runs at second 125 (min_age_s 60, so the window is 60 s).
std::vector<Finding> growth_case(double late_s, int old_count = 5, double old_from_s = 0) {
  Timeline line;
  for (const SocketRecord& s : close_waits(old_count, 1)) line.add(s, old_from_s);
  line.add(close_waits(1, 50)[0], late_s);
  std::vector<ProcessIndex::Holding> holdings;
  hold(holdings, 1, old_count, 100, "app");
  hold(holdings, 50, 1, 100, "app");
  line.set_processes(ProcessIndex(std::move(holdings)));
  return line.run(detect_close_wait_buildup, DetectorsConfig{}, 125);
}

TEST(CloseWaitBuildup, CriticalWhenOldSocketsStayAndANewOneCrossedMinAgeWithinTheWindow) {
  const auto found = growth_case(65);  // 60 s old: just counted
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.severity, Severity::Critical);
  EXPECT_EQ(f.evidence.at("growing"), true);
  EXPECT_EQ(f.evidence.at("held_window_ago"), 5);
  EXPECT_EQ(f.evidence.at("new_in_window"), 1);
  EXPECT_EQ(f.evidence.at("growth_window_s"), 60.0);
  EXPECT_EQ(f.evidence.at("count"), 6);
  EXPECT_EQ(f.summary, "pid 100 (app) holds 6 CLOSE_WAIT sockets, oldest 2m, and more keep coming (1 in the last 60s)");
}

TEST(CloseWaitBuildup, ANewSocketBelowMinAgeIsNoGrowthYet) {
  const auto found = growth_case(65.5);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_EQ(found[0].evidence.at("count"), 5);
  EXPECT_EQ(found[0].evidence.at("new_in_window"), 0);
}

TEST(CloseWaitBuildup, ANewSocketOlderThanTheWindowIsNoLongerGrowth) {
  const auto found = growth_case(5);  // 120 s old: it was counted a window ago too
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_EQ(found[0].evidence.at("held_window_ago"), 6);
  EXPECT_EQ(found[0].evidence.at("new_in_window"), 0);
}

TEST(CloseWaitBuildup, GrowthNeedsMinCountHeldAWindowAgo) {
  const auto four = growth_case(65, 4);
  ASSERT_EQ(four.size(), 1u);
  EXPECT_EQ(four[0].severity, Severity::Warning) << "only 4 were held a window ago";

  const auto too_young = growth_case(65, 5, 5.5);  // join at second 6: 119 s old, not counted a window ago
  ASSERT_EQ(too_young.size(), 1u);
  EXPECT_EQ(too_young[0].severity, Severity::Warning);
  EXPECT_EQ(too_young[0].evidence.at("held_window_ago"), 0);
}

TEST(CloseWaitBuildup, SocketsFoundAtTheTrackersFirstPollAreNeverNewArrivals) {
  // The old ones are known old only from the kernel's bound; the sixth was
  // also there at the first poll, so when it entered CLOSE_WAIT is unknown.
  Timeline line;
  for (SocketRecord s : close_waits(5, 1)) {
    test::with_tcp_info(s).tcp_info.last_ack_recv = 500'000;
    line.add(s, 0);
  }
  line.add(close_waits(1, 50)[0], 0);
  std::vector<ProcessIndex::Holding> holdings;
  hold(holdings, 1, 5, 100, "app");
  hold(holdings, 50, 1, 100, "app");
  line.set_processes(ProcessIndex(std::move(holdings)));

  const auto early = line.run(detect_close_wait_buildup, DetectorsConfig{}, 100);
  ASSERT_EQ(early.size(), 1u);
  EXPECT_EQ(early[0].severity, Severity::Warning);
  EXPECT_EQ(early[0].evidence.at("count"), 6);
  EXPECT_EQ(early[0].evidence.at("held_window_ago"), 5);
  EXPECT_EQ(early[0].evidence.at("new_in_window"), 0);
  EXPECT_EQ(early[0].evidence.at("growing"), false);
  EXPECT_EQ(early[0].evidence.at("oldest_age_s"), 500.0);

  // One that appears later is seen entering CLOSE_WAIT.
  line.add(close_waits(1, 60)[0], 60);
  std::vector<ProcessIndex::Holding> more;
  hold(more, 1, 5, 100, "app");
  hold(more, 50, 1, 100, "app");
  hold(more, 60, 1, 100, "app");
  line.set_processes(ProcessIndex(std::move(more)));
  const auto later = line.run(detect_close_wait_buildup, DetectorsConfig{}, 125);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].severity, Severity::Critical);
  EXPECT_EQ(later[0].evidence.at("new_in_window"), 1);
}

TEST(CloseWaitBuildup, AnEntryAfterTheFirstPollCountsEvenForASocketSeenThere) {
  // Seen ESTABLISHED at the first poll, then CLOSE_WAIT from second 65.
  Timeline line;
  for (const SocketRecord& s : close_waits(5, 1)) line.add(s, 0);
  SocketRecord late = close_waits(1, 50)[0];
  SocketRecord before = late;
  before.state = TcpState::Established;
  std::vector<ProcessIndex::Holding> holdings;
  hold(holdings, 1, 5, 100, "app");
  hold(holdings, 50, 1, 100, "app");
  line.set_processes(ProcessIndex(std::move(holdings)));
  line.add(late, 65);
  line.add_until(before, 0, 65);
  const auto found = line.run(detect_close_wait_buildup, DetectorsConfig{}, 125);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Critical);
  EXPECT_EQ(found[0].evidence.at("new_in_window"), 1);
}

TEST(CloseWaitBuildup, OneFindingPerProcessAndOneForUnknownHolders) {
  Snapshot snap;
  std::vector<ProcessIndex::Holding> holdings;
  for (const SocketRecord& s : close_waits(5, 1, 8080)) snap.sockets.push_back(s);
  for (const SocketRecord& s : close_waits(6, 11, 9090, "10.0.0.3")) snap.sockets.push_back(s);
  for (const SocketRecord& s : close_waits(5, 21, 7070)) snap.sockets.push_back(s);  // nobody known
  hold(holdings, 1, 5, 300, "api");
  hold(holdings, 11, 6, 200, "db-proxy");
  snap.processes = ProcessIndex(std::move(holdings));

  const auto found = run_direct(detect_close_wait_buildup, snap, defaults());
  ASSERT_EQ(found.size(), 3u);
  const Finding* api = find_id(found, "close_wait_buildup:pid=300");
  const Finding* proxy = find_id(found, "close_wait_buildup:pid=200");
  const Finding* unknown = find_id(found, "close_wait_buildup:pid=unknown");
  ASSERT_NE(api, nullptr);
  ASSERT_NE(proxy, nullptr);
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(proxy->evidence.at("count"), 6);
  EXPECT_EQ(proxy->evidence.at("local_ports"), nlohmann::ordered_json::parse(R"([{"port": 9090, "count": 6}])"));
  EXPECT_EQ(proxy->evidence.at("peers"), nlohmann::ordered_json::parse(R"([{"address": "10.0.0.3", "count": 6}])"));
  EXPECT_EQ(proxy->sockets, (std::vector<uint64_t>{11, 12, 13, 14, 15, 16}));
  EXPECT_EQ(unknown->subject, "unknown process");
  EXPECT_TRUE(unknown->evidence.at("pid").is_null());
  EXPECT_TRUE(unknown->evidence.at("comm").is_null());
  EXPECT_NE(unknown->advice.find("accept queue"), std::string::npos);
}

TEST(CloseWaitBuildup, LocalPortsAreListedMostUsedFirstAndAtMostFive) {
  Snapshot snap;
  std::vector<ProcessIndex::Holding> holdings;
  uint64_t next = 1;
  for (int port = 0; port < 7; ++port) {
    for (int i = 0; i <= port; ++i, ++next) {
      snap.sockets.push_back(conn(TcpState::CloseWait, "10.0.0.1", static_cast<uint16_t>(8000 + port), "10.0.0.2",
                                  static_cast<uint16_t>(30000 + next), next, kInodeBase + next));
      holdings.push_back({kInodeBase + next, process(1, "app")});
    }
  }
  snap.processes = ProcessIndex(std::move(holdings));
  const auto found = run_direct(detect_close_wait_buildup, snap, defaults());
  ASSERT_EQ(found.size(), 1u);
  const auto& ports = found[0].evidence.at("local_ports");
  ASSERT_EQ(ports.size(), 5u);
  EXPECT_EQ(ports.at(0).at("port"), 8006);
  EXPECT_EQ(ports.at(0).at("count"), 7);
  EXPECT_EQ(ports.at(4).at("port"), 8002);
}

TEST(CloseWaitBuildup, IdStaysTheSameAsTheCountChanges) {
  const auto five = run_direct(detect_close_wait_buildup, direct_snapshot(close_waits(5, 1)), defaults());
  const auto nine = run_direct(detect_close_wait_buildup, direct_snapshot(close_waits(9, 1)), defaults());
  ASSERT_EQ(five.size(), 1u);
  ASSERT_EQ(nine.size(), 1u);
  EXPECT_EQ(five[0].id, nine[0].id);
  EXPECT_NE(five[0].summary, nine[0].summary);
}

TEST(CloseWaitBuildup, OtherStatesAndUdpAreIgnored) {
  Snapshot snap;
  for (int i = 0; i < 6; ++i) {
    const auto n = static_cast<uint64_t>(i + 1);
    snap.sockets.push_back(conn(TcpState::Established, "10.0.0.1", 80, "10.0.0.2", 5000, n, kInodeBase + n));
    SocketRecord udp = record(Proto::Udp, TcpState::CloseWait, "10.0.0.1", 53, "10.0.0.2", 5000, kInodeBase + 10 + n);
    udp.cookie = 10 + n;
    snap.sockets.push_back(udp);
  }
  EXPECT_TRUE(run_direct(detect_close_wait_buildup, snap, defaults()).empty());
}

TEST(CloseWaitBuildup, DisabledFindsNothing) {
  DetectorsConfig config;
  config.close_wait_buildup.enabled = false;
  EXPECT_TRUE(run_direct(detect_close_wait_buildup, direct_snapshot(close_waits(50, 1)), config).empty());
}

TEST(CloseWaitBuildup, AppendsWithoutClearingEarlierFindings) {
  DetectorsConfig config;
  const Snapshot snap = direct_snapshot(close_waits(5, 1));
  DetectorInput input{snap, nullptr, nullptr, config};
  std::vector<Finding> out(1);
  out[0].id = "earlier";
  detect_close_wait_buildup(input, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, "earlier");
}

}  // namespace

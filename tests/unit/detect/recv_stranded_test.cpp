#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "../synthetic.h"
#include "../track/track_fixtures.h"
#include "detect/detector_fns.h"

namespace {

using namespace sockscope;

// pid 30 (reader) holds inodes 300 and 301, pid 40 (worker) holds 400.
ProcessIndex owners() {
  return test::owners_index({{300, {ProcessRef{30, "reader", 5}}},
                             {301, {ProcessRef{30, "reader", 6}}},
                             {400, {ProcessRef{40, "worker", 9}}}});
}

SocketRecord receiver(uint64_t cookie, uint64_t inode, uint32_t recv_q, Proto proto = Proto::Tcp,
                      TcpState state = TcpState::Established) {
  SocketRecord s =
      test::record(proto, state, "10.0.0.1", static_cast<uint16_t>(5000 + cookie), "10.0.0.9", 6000, inode);
  s.cookie = cookie;
  s.recv_q = recv_q;
  s.mem = MemInfo{};
  s.mem->rcvbuf = 131072;
  return s;
}

Snapshot snapshot_with(std::vector<SocketRecord> sockets) {
  Snapshot snap;
  snap.sockets = std::move(sockets);
  snap.processes = owners();
  return snap;
}

struct Daemon {
  DetectorsConfig config;
  Tracker tracker;
  double interval_s = 1.0;

  std::vector<Finding> poll_at(const Snapshot& snap, std::chrono::steady_clock::time_point now) {
    tracker.update(snap, now);
    DetectorInput input{snap, &tracker, nullptr, config, now, interval_s};
    std::vector<Finding> out;
    detect_recv_stranded(input, out);
    return out;
  }
  std::vector<Finding> poll(const Snapshot& snap, int n) { return poll_at(snap, test::poll_time(n)); }
};

TEST(RecvStrandedDetector, DirectModeFindsNothing) {
  DetectorsConfig config;
  const Snapshot snap = snapshot_with({receiver(1, 300, 1000)});
  DetectorInput input{snap, nullptr, nullptr, config, {}, 1.0};
  std::vector<Finding> out;
  detect_recv_stranded(input, out);
  EXPECT_TRUE(out.empty());
}

TEST(RecvStrandedDetector, RaisesOnceUnchangedForMinPolls) {
  Daemon daemon;
  const Snapshot snap = snapshot_with({receiver(7, 300, 1000)});
  EXPECT_TRUE(daemon.poll(snap, 0).empty());
  EXPECT_TRUE(daemon.poll(snap, 1).empty());
  EXPECT_TRUE(daemon.poll(snap, 2).empty());
  auto found = daemon.poll(snap, 3);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.kind, "recv_stranded");
  EXPECT_EQ(f.id, "recv_stranded:pid=30");
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_EQ(f.subject, "pid 30 (reader)");
  EXPECT_EQ(f.evidence["pid"], 30);
  EXPECT_EQ(f.evidence["comm"], "reader");
  EXPECT_EQ(f.evidence["sockets"], 1);
  EXPECT_EQ(f.evidence["queue_bytes"], 1000);
  EXPECT_DOUBLE_EQ(f.evidence["oldest_unchanged_s"].get<double>(), 3.0);
  const auto& listed = f.evidence["stranded"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["proto"], "tcp");
  EXPECT_EQ(listed[0]["local"], "10.0.0.1:5007");
  EXPECT_EQ(listed[0]["peer"], "10.0.0.9:6000");
  EXPECT_EQ(listed[0]["state"], "ESTABLISHED");
  EXPECT_EQ(listed[0]["queue_bytes"], 1000);
  EXPECT_EQ(listed[0]["rcvbuf"], 131072);
  EXPECT_EQ(f.sockets, std::vector<uint64_t>{7});
  EXPECT_EQ(f.summary, "pid 30 (reader) leaves 1000 bytes unread on 1 socket, untouched for 3s");
  EXPECT_NE(f.advice.find("epoll"), std::string::npos);
}

TEST(RecvStrandedDetector, MinPollsAndIntervalSetTheWait) {
  Daemon daemon;
  daemon.config.recv_stranded.min_polls = 3;
  daemon.interval_s = 0.5;  // three polls = 1.5 s
  const Snapshot snap = snapshot_with({receiver(1, 300, 10)});
  EXPECT_TRUE(daemon.poll(snap, 0).empty());
  EXPECT_TRUE(daemon.poll(snap, 1).empty());
  EXPECT_EQ(daemon.poll(snap, 2).size(), 1u);
}

TEST(RecvStrandedDetector, APollRunningSlightlyEarlyStillCounts) {
  Daemon daemon;
  const Snapshot snap = snapshot_with({receiver(1, 300, 10)});
  const auto start = test::poll_time(0);
  EXPECT_TRUE(daemon.poll_at(snap, start).empty());
  EXPECT_TRUE(daemon.poll_at(snap, start + std::chrono::milliseconds(2900)).empty());
  EXPECT_EQ(daemon.poll_at(snap, start + std::chrono::milliseconds(2980)).size(), 1u);
}

TEST(RecvStrandedDetector, MinBytesEdge) {
  Daemon daemon;
  daemon.config.recv_stranded.min_bytes = 100;
  const Snapshot snap = snapshot_with({receiver(1, 300, 99), receiver(2, 400, 100)});
  for (int n = 0; n < 3; ++n) daemon.poll(snap, n);
  auto found = daemon.poll(snap, 3);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "recv_stranded:pid=40");
}

TEST(RecvStrandedDetector, EmptyQueueNeverCountsEvenWithMinBytesZero) {
  Daemon daemon;
  daemon.config.recv_stranded.min_bytes = 0;
  const Snapshot snap = snapshot_with({receiver(1, 300, 0)});
  for (int n = 0; n <= 5; ++n) EXPECT_TRUE(daemon.poll(snap, n).empty());
}

TEST(RecvStrandedDetector, ReadingResetsTheWait) {
  Daemon daemon;
  daemon.poll(snapshot_with({receiver(1, 300, 1000)}), 0);
  daemon.poll(snapshot_with({receiver(1, 300, 1000)}), 1);
  EXPECT_TRUE(daemon.poll(snapshot_with({receiver(1, 300, 600)}), 2).empty());
  EXPECT_TRUE(daemon.poll(snapshot_with({receiver(1, 300, 600)}), 4).empty());
  EXPECT_EQ(daemon.poll(snapshot_with({receiver(1, 300, 600)}), 5).size(), 1u);
}

TEST(RecvStrandedDetector, NeedsALiveOwner) {
  Daemon daemon;
  const Snapshot snap = snapshot_with({receiver(1, 0, 1000), receiver(2, 999, 1000)});
  for (int n = 0; n <= 4; ++n) EXPECT_TRUE(daemon.poll(snap, n).empty());
}

TEST(RecvStrandedDetector, ListenersAreLeftOut) {
  Daemon daemon;
  const Snapshot snap = snapshot_with({receiver(1, 300, 50, Proto::Tcp, TcpState::Listen)});
  for (int n = 0; n <= 4; ++n) EXPECT_TRUE(daemon.poll(snap, n).empty());
}

TEST(RecvStrandedDetector, UdpQueuesCount) {
  Daemon daemon;
  const Snapshot snap = snapshot_with({receiver(1, 400, 2304, Proto::Udp, TcpState::Close)});
  for (int n = 0; n < 3; ++n) daemon.poll(snap, n);
  auto found = daemon.poll(snap, 3);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence["stranded"][0]["proto"], "udp");
  EXPECT_EQ(found[0].evidence["stranded"][0]["state"], "unconnected");
}

TEST(RecvStrandedDetector, CloseWaitWithUnreadDataCounts) {
  Daemon daemon;
  const Snapshot snap = snapshot_with({receiver(1, 300, 10, Proto::Tcp, TcpState::CloseWait)});
  for (int n = 0; n < 3; ++n) daemon.poll(snap, n);
  auto found = daemon.poll(snap, 3);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence["stranded"][0]["state"], "CLOSE_WAIT");
}

TEST(RecvStrandedDetector, GroupsPerProcessAndKeepsIds) {
  Daemon daemon;
  SocketRecord no_mem = receiver(3, 400, 5);
  no_mem.mem.reset();
  const Snapshot snap = snapshot_with({receiver(1, 300, 100), receiver(2, 301, 300), no_mem});
  for (int n = 0; n < 3; ++n) daemon.poll(snap, n);
  auto third = daemon.poll(snap, 3);
  auto fourth = daemon.poll(snap, 4);
  ASSERT_EQ(third.size(), 2u);
  ASSERT_EQ(fourth.size(), 2u);
  std::vector<std::string> ids_third, ids_fourth;
  for (const Finding& f : third) ids_third.push_back(f.id);
  for (const Finding& f : fourth) ids_fourth.push_back(f.id);
  EXPECT_EQ(ids_third, ids_fourth);

  auto reader =
      std::find_if(third.begin(), third.end(), [](const Finding& f) { return f.id == "recv_stranded:pid=30"; });
  ASSERT_NE(reader, third.end());
  EXPECT_EQ(reader->evidence["sockets"], 2);
  EXPECT_EQ(reader->evidence["queue_bytes"], 400);
  EXPECT_EQ(reader->evidence["stranded"][0]["queue_bytes"], 300);
  EXPECT_EQ(reader->sockets, (std::vector<uint64_t>{1, 2}));
  auto worker =
      std::find_if(third.begin(), third.end(), [](const Finding& f) { return f.id == "recv_stranded:pid=40"; });
  ASSERT_NE(worker, third.end());
  EXPECT_TRUE(worker->evidence["stranded"][0]["rcvbuf"].is_null());
}

TEST(RecvStrandedDetector, DisabledFindsNothing) {
  Daemon daemon;
  daemon.config.recv_stranded.enabled = false;
  const Snapshot snap = snapshot_with({receiver(1, 300, 1000)});
  for (int n = 0; n <= 4; ++n) EXPECT_TRUE(daemon.poll(snap, n).empty());
}

}  // namespace

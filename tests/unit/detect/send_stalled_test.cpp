#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "../synthetic.h"
#include "../track/track_fixtures.h"
#include "detect/detector_fns.h"

namespace {

using namespace sockscope;

// pid 10 holds inodes 100..109, pid 20 holds 200; inode 0 has no owner.
ProcessIndex owners() {
  std::vector<ProcessIndex::Holding> holdings;
  for (uint64_t inode = 100; inode < 110; ++inode) {
    holdings.push_back({inode, ProcessRef{10, "writer", static_cast<int32_t>(inode - 90)}});
  }
  holdings.push_back({200, ProcessRef{20, "proxy", 7}});
  return ProcessIndex(std::move(holdings));
}

// An established sender with the given send queue and SK_MEMINFO figures.
SocketRecord sender(uint64_t cookie, uint64_t inode, uint32_t send_q, uint32_t wmem_queued, uint32_t sndbuf) {
  SocketRecord s = test::record(Proto::Tcp, TcpState::Established, "10.0.0.1", static_cast<uint16_t>(40000 + cookie),
                                "10.0.0.2", 443, inode);
  s.cookie = cookie;
  s.send_q = send_q;
  s.mem = MemInfo{};
  s.mem->wmem_queued = wmem_queued;
  s.mem->sndbuf = sndbuf;
  s.tcp_info_len = sizeof(TcpInfo);
  s.tcp_info.snd_wnd = 65535;
  return s;
}

// A sender whose peer advertises a zero window: the persist timer runs.
SocketRecord zero_window(uint64_t cookie, uint64_t inode, uint32_t send_q, uint32_t probes = 0) {
  SocketRecord s = sender(cookie, inode, send_q, send_q, 4 * send_q);
  s.timer = TimerInfo{TimerKind::ZeroWindowProbe, 400, probes};
  s.tcp_info.snd_wnd = 0;
  return s;
}

Snapshot snapshot_with(std::vector<SocketRecord> sockets) {
  Snapshot snap;
  snap.sockets = std::move(sockets);
  snap.processes = owners();
  snap.system.sysctls.tcp_retries2 = 15;
  snap.system.sysctls.tcp_wmem = Triple{4096, 16384, 100000};
  return snap;
}

std::vector<Finding> run_direct(const Snapshot& snap, const DetectorsConfig& config) {
  DetectorInput input{snap, nullptr, nullptr, config, {}, 1.0};
  std::vector<Finding> out;
  detect_send_stalled(input, out);
  return out;
}

// The daemon's view: one poll a second, each folded into the tracker first.
struct Daemon {
  DetectorsConfig config;
  Tracker tracker;
  History history{16};
  double interval_s = 1.0;

  std::vector<Finding> poll(const Snapshot& snap, int n) {
    tracker.update(snap, test::poll_time(n));
    DetectorInput input{snap, &tracker, &history, config, test::poll_time(n), interval_s};
    std::vector<Finding> out;
    detect_send_stalled(input, out);
    return out;
  }
};

const Finding* by_id(const std::vector<Finding>& found, const std::string& id) {
  auto it = std::find_if(found.begin(), found.end(), [&](const Finding& f) { return f.id == id; });
  return it == found.end() ? nullptr : &*it;
}

TEST(SendStalledDetector, ZeroWindowIsFoundInDirectMode) {
  DetectorsConfig config;
  auto found = run_direct(snapshot_with({zero_window(5, 100, 4000, 1)}), config);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.kind, "send_stalled");
  EXPECT_EQ(f.id, "send_stalled:pid=10");
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_EQ(f.subject, "pid 10 (writer)");
  EXPECT_EQ(f.evidence["pid"], 10);
  EXPECT_EQ(f.evidence["comm"], "writer");
  EXPECT_EQ(f.evidence["sockets"], 1);
  EXPECT_EQ(f.evidence["zero_window_sockets"], 1);
  EXPECT_EQ(f.evidence["full_buffer_sockets"], 0);
  EXPECT_EQ(f.evidence["queue_bytes"], 4000);
  const auto& listed = f.evidence["stalled"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["peer"], "10.0.0.2:443");
  EXPECT_EQ(listed[0]["local"], "10.0.0.1:40005");
  EXPECT_EQ(listed[0]["state"], "ESTABLISHED");
  EXPECT_EQ(listed[0]["snd_wnd"], 0);
  EXPECT_EQ(listed[0]["probes"], 1);
  EXPECT_EQ(listed[0]["sndbuf"], 16000);
  EXPECT_EQ(listed[0]["zero_window"], true);
  EXPECT_EQ(listed[0]["timer"], "zero_window_probe");
  EXPECT_TRUE(listed[0]["unchanged_s"].is_null());
  EXPECT_EQ(f.sockets, std::vector<uint64_t>{5});
  EXPECT_NE(f.summary.find("zero window"), std::string::npos) << f.summary;
  EXPECT_NE(f.advice.find("zero receive window"), std::string::npos);
}

TEST(SendStalledDetector, ShortTcpInfoLeavesSendWindowUnknown) {
  DetectorsConfig config;
  SocketRecord s = zero_window(5, 100, 4000);
  s.tcp_info_len = 104;  // a kernel before tcpi_snd_wnd
  auto found = run_direct(snapshot_with({s}), config);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].evidence["stalled"][0]["snd_wnd"].is_null());
}

TEST(SendStalledDetector, FullBufferNeedsTheTracker) {
  DetectorsConfig config;
  EXPECT_TRUE(run_direct(snapshot_with({sender(1, 100, 9000, 10000, 10000)}), config).empty());
}

TEST(SendStalledDetector, FullBufferRaisesAfterMinPollsUnchanged) {
  Daemon daemon;
  const Snapshot snap = snapshot_with({sender(1, 100, 9000, 9000, 10000)});  // 90 % of sndbuf
  EXPECT_TRUE(daemon.poll(snap, 0).empty());
  EXPECT_TRUE(daemon.poll(snap, 1).empty());
  EXPECT_TRUE(daemon.poll(snap, 2).empty());  // unchanged 2 s: below 3 polls
  auto found = daemon.poll(snap, 3);          // unchanged 3 s
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence["full_buffer_sockets"], 1);
  EXPECT_EQ(found[0].evidence["zero_window_sockets"], 0);
  EXPECT_DOUBLE_EQ(found[0].evidence["stalled"][0]["unchanged_s"].get<double>(), 3.0);
  EXPECT_DOUBLE_EQ(found[0].evidence["stalled"][0]["used_pct"].get<double>(), 90.0);
  EXPECT_NE(found[0].advice.find("send buffer is full"), std::string::npos);
}

TEST(SendStalledDetector, BufferJustBelowThresholdIsQuiet) {
  Daemon daemon;
  const Snapshot snap = snapshot_with({sender(1, 100, 8900, 8999, 10000)});
  for (int n = 0; n <= 5; ++n) EXPECT_TRUE(daemon.poll(snap, n).empty()) << "poll " << n;
}

TEST(SendStalledDetector, MovingQueueIsNotStalled) {
  Daemon daemon;
  EXPECT_TRUE(daemon.poll(snapshot_with({sender(1, 100, 9500, 9500, 10000)}), 0).empty());
  EXPECT_TRUE(daemon.poll(snapshot_with({sender(1, 100, 9500, 9500, 10000)}), 1).empty());
  EXPECT_TRUE(daemon.poll(snapshot_with({sender(1, 100, 9400, 9400, 10000)}), 2).empty());
  EXPECT_TRUE(daemon.poll(snapshot_with({sender(1, 100, 9400, 9400, 10000)}), 4).empty());
  EXPECT_EQ(daemon.poll(snapshot_with({sender(1, 100, 9400, 9400, 10000)}), 5).size(), 1u);
}

TEST(SendStalledDetector, MinPollsAndIntervalSetTheWait) {
  Daemon daemon;
  daemon.config.send_stalled.min_polls = 4;
  daemon.interval_s = 0.5;  // four polls = 2 s
  const Snapshot snap = snapshot_with({sender(1, 100, 9500, 9500, 10000)});
  EXPECT_TRUE(daemon.poll(snap, 0).empty());
  EXPECT_TRUE(daemon.poll(snap, 1).empty());
  EXPECT_EQ(daemon.poll(snap, 2).size(), 1u);
}

TEST(SendStalledDetector, ConfiguredPercentMovesTheThreshold) {
  Daemon daemon;
  daemon.config.send_stalled.queue_pct = 50;
  const Snapshot snap = snapshot_with({sender(1, 100, 5000, 5000, 10000)});
  for (int n = 0; n < 3; ++n) daemon.poll(snap, n);
  EXPECT_EQ(daemon.poll(snap, 3).size(), 1u);
}

TEST(SendStalledDetector, WithoutMeminfoSendQueueIsJudgedAgainstTcpWmemMax) {
  Daemon daemon;
  SocketRecord full = sender(1, 100, 90000, 0, 0);
  full.mem.reset();
  SocketRecord below = sender(2, 101, 89999, 0, 0);
  below.mem.reset();
  const Snapshot snap = snapshot_with({full, below});
  for (int n = 0; n < 3; ++n) daemon.poll(snap, n);
  auto found = daemon.poll(snap, 3);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence["sockets"], 1);
  EXPECT_EQ(found[0].sockets, std::vector<uint64_t>{1});
  EXPECT_TRUE(found[0].evidence["stalled"][0]["sndbuf"].is_null());
  EXPECT_TRUE(found[0].evidence["stalled"][0]["used_pct"].is_null());
}

TEST(SendStalledDetector, WithoutMeminfoOrTcpWmemOnlyZeroWindowCounts) {
  Daemon daemon;
  SocketRecord full = sender(1, 100, 90000, 0, 0);
  full.mem.reset();
  Snapshot snap = snapshot_with({full});
  snap.system.sysctls.tcp_wmem.reset();
  for (int n = 0; n <= 5; ++n) EXPECT_TRUE(daemon.poll(snap, n).empty());
}

TEST(SendStalledDetector, UnansweredProbesAtHalfOfRetries2AreCritical) {
  DetectorsConfig config;
  auto seven = run_direct(snapshot_with({zero_window(1, 100, 4000, 7)}), config);
  ASSERT_EQ(seven.size(), 1u);
  EXPECT_EQ(seven[0].severity, Severity::Warning);
  EXPECT_EQ(seven[0].evidence["most_probes"], 7);

  auto eight = run_direct(snapshot_with({zero_window(1, 100, 4000, 8)}), config);
  ASSERT_EQ(eight.size(), 1u);
  EXPECT_EQ(eight[0].severity, Severity::Critical);
  EXPECT_EQ(eight[0].evidence["tcp_retries2"], 15);
  EXPECT_NE(eight[0].summary.find("8 window probes unanswered"), std::string::npos) << eight[0].summary;
  EXPECT_NE(eight[0].advice.find("tcp_retries2"), std::string::npos);
}

TEST(SendStalledDetector, UnknownRetries2NeverEscalates) {
  DetectorsConfig config;
  Snapshot snap = snapshot_with({zero_window(1, 100, 4000, 100)});
  snap.system.sysctls.tcp_retries2.reset();
  auto found = run_direct(snap, config);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_TRUE(found[0].evidence["tcp_retries2"].is_null());
}

TEST(SendStalledDetector, GroupsPerProcess) {
  DetectorsConfig config;
  auto found = run_direct(snapshot_with({zero_window(1, 100, 1000), zero_window(2, 101, 2000), zero_window(3, 200, 500),
                                         zero_window(4, 0, 700), sender(5, 102, 10, 10, 10000)}),
                          config);
  ASSERT_EQ(found.size(), 3u);
  const Finding* writer = by_id(found, "send_stalled:pid=10");
  const Finding* proxy = by_id(found, "send_stalled:pid=20");
  const Finding* orphan = by_id(found, "send_stalled:pid=unknown");
  ASSERT_TRUE(writer && proxy && orphan);
  EXPECT_EQ(writer->evidence["sockets"], 2);
  EXPECT_EQ(writer->evidence["queue_bytes"], 3000);
  EXPECT_EQ(writer->sockets, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(writer->evidence["stalled"][0]["queue_bytes"], 2000);  // heaviest first
  EXPECT_EQ(proxy->evidence["comm"], "proxy");
  EXPECT_TRUE(orphan->evidence["pid"].is_null());
  EXPECT_EQ(orphan->subject, "unknown process");
}

TEST(SendStalledDetector, ListsOnlyTheHeaviestSocketsButNamesAll) {
  DetectorsConfig config;
  std::vector<SocketRecord> sockets;
  for (uint64_t i = 0; i < 8; ++i)
    sockets.push_back(zero_window(i + 1, 100 + i, static_cast<uint32_t>(1000 * (i + 1))));
  auto found = run_direct(snapshot_with(sockets), config);
  ASSERT_EQ(found.size(), 1u);
  const auto& listed = found[0].evidence["stalled"];
  ASSERT_EQ(listed.size(), 5u);
  EXPECT_EQ(listed[0]["queue_bytes"], 8000);
  EXPECT_EQ(listed[4]["queue_bytes"], 4000);
  EXPECT_EQ(found[0].sockets.size(), 8u);
  EXPECT_EQ(found[0].evidence["sockets"], 8);
}

TEST(SendStalledDetector, ListenersAndUdpAreLeftOut) {
  Daemon daemon;
  SocketRecord listening = sender(1, 100, 9500, 9500, 10000);
  listening.state = TcpState::Listen;
  SocketRecord udp = sender(2, 101, 9500, 9500, 10000);
  udp.proto = Proto::Udp;
  udp.state = TcpState::Close;
  const Snapshot snap = snapshot_with({listening, udp});
  for (int n = 0; n <= 4; ++n) EXPECT_TRUE(daemon.poll(snap, n).empty());
}

TEST(SendStalledDetector, DisabledFindsNothing) {
  DetectorsConfig config;
  config.send_stalled.enabled = false;
  EXPECT_TRUE(run_direct(snapshot_with({zero_window(1, 100, 4000, 9)}), config).empty());
}

TEST(SendStalledDetector, IdStaysAcrossPolls) {
  Daemon daemon;
  auto first = daemon.poll(snapshot_with({zero_window(1, 100, 4000, 0)}), 0);
  auto second = daemon.poll(snapshot_with({zero_window(1, 100, 4000, 3), zero_window(2, 101, 100, 0)}), 1);
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(first[0].id, second[0].id);
  // The probe count is no queue: the socket has stood still since poll 0.
  EXPECT_DOUBLE_EQ(second[0].evidence["stalled"][0]["unchanged_s"].get<double>(), 1.0);
}

}  // namespace

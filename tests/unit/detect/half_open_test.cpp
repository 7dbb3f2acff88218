#include <gtest/gtest.h>

#include "conn_fixtures.h"
#include "detect/detector_fns.h"

namespace {

using namespace sockscope;
using test::conn;
using test::find_id;
using test::process;
using test::run_direct;
using test::with_tcp_info;

// An owned connection to `peer`, with a full tcp_info.
SocketRecord owned(TcpState state, uint64_t cookie, const std::string& peer = "10.0.0.2", uint16_t port = 443) {
  SocketRecord s = conn(state, "10.0.0.1", static_cast<uint16_t>(40000 + cookie), peer, port, cookie, 500 + cookie);
  with_tcp_info(s);
  return s;
}

SocketRecord retransmitting(SocketRecord s, uint32_t retransmits) {
  s.timer = TimerInfo{TimerKind::Retransmit, 1600, retransmits};
  s.tcp_info.retransmits = static_cast<uint8_t>(retransmits);
  s.tcp_info.backoff = static_cast<uint8_t>(retransmits);
  s.tcp_info.unacked = 2;
  s.send_q = 1200;
  s.tcp_info.rto = 3'200'000;
  return s;
}

SocketRecord orphan(TcpState state, uint64_t cookie, uint32_t retransmits, const std::string& peer = "10.0.0.9") {
  SocketRecord s = conn(state, "10.0.0.1", 443, peer, static_cast<uint16_t>(50000 + cookie), cookie, 0);
  with_tcp_info(s);
  s.timer = TimerInfo{TimerKind::Retransmit, 800, retransmits};
  s.tcp_info.retransmits = static_cast<uint8_t>(retransmits);
  return s;
}

// All sockets with an inode are held by `pid` unless given in `others`.
Snapshot snapshot_of(std::vector<SocketRecord> sockets, int32_t pid = 42,
                     std::vector<std::pair<uint64_t, int32_t>> others = {}) {
  Snapshot snap;
  std::vector<ProcessIndex::Holding> holdings;
  for (const SocketRecord& s : sockets) {
    if (s.inode == 0) continue;
    int32_t holder = pid;
    for (const auto& [cookie, other] : others) {
      if (cookie == s.cookie) holder = other;
    }
    holdings.push_back({s.inode, process(holder, holder == pid ? "client" : "other")});
  }
  snap.sockets = std::move(sockets);
  snap.processes = ProcessIndex(std::move(holdings));
  snap.system.sysctls.tcp_retries2 = 15;
  snap.system.sysctls.tcp_keepalive_probes = 9;
  snap.system.sysctls.tcp_keepalive_intvl = 75;
  snap.system.sysctls.tcp_keepalive_time = 7200;
  return snap;
}

std::vector<Finding> run(const Snapshot& snap, const DetectorsConfig& config = DetectorsConfig{}) {
  return run_direct(detect_half_open, snap, config);
}

// --- peer_unreachable -------------------------------------------------------

TEST(HalfOpen, PeerUnreachableAtMinRetransmits) {
  const auto below = run(snapshot_of({retransmitting(owned(TcpState::Established, 1), 2)}));
  EXPECT_TRUE(below.empty()) << below.size();

  SocketRecord s = retransmitting(owned(TcpState::Established, 1), 3);
  s.tcp_info.last_ack_recv = 12'345;
  s.tcp_info.total_rto_time = 24'600;
  const auto found = run(snapshot_of({s}));
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.id, "half_open:peer_unreachable:pid=42");
  EXPECT_EQ(f.kind, "half_open");
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_EQ(f.subject, "pid 42 (client)");
  EXPECT_EQ(f.evidence.at("signature"), "peer_unreachable");
  EXPECT_EQ(f.evidence.at("pid"), 42);
  EXPECT_EQ(f.evidence.at("count"), 1);
  EXPECT_EQ(f.evidence.at("peer"), "10.0.0.2:443");
  EXPECT_EQ(f.evidence.at("local"), "10.0.0.1:40001");
  EXPECT_EQ(f.evidence.at("state"), "ESTABLISHED");
  EXPECT_EQ(f.evidence.at("retransmits"), 3);
  EXPECT_EQ(f.evidence.at("backoff"), 3);
  EXPECT_EQ(f.evidence.at("rto_ms"), 3200);
  EXPECT_EQ(f.evidence.at("unacked_segments"), 2);
  EXPECT_EQ(f.evidence.at("send_q_bytes"), 1200);
  EXPECT_DOUBLE_EQ(f.evidence.at("last_ack_recv_s").get<double>(), 12.3);
  EXPECT_DOUBLE_EQ(f.evidence.at("retransmitting_s").get<double>(), 24.6);
  EXPECT_EQ(f.evidence.at("tcp_retries2"), 15);
  EXPECT_DOUBLE_EQ(f.evidence.at("gives_up_after_s").get<double>(), 924.6);
  EXPECT_DOUBLE_EQ(f.evidence.at("gives_up_in_s").get<double>(), 900.0);
  EXPECT_EQ(f.evidence.at("peers"), nlohmann::ordered_json::parse(R"([{"address": "10.0.0.2", "count": 1}])"));
  EXPECT_EQ(f.sockets, (std::vector<uint64_t>{1}));
  EXPECT_EQ(f.summary,
            "pid 42 (client) has 1 connection whose peer stopped acknowledging, worst 10.0.0.2:443 after 3 "
            "retransmissions (kernel gives up in about 15m)");
  EXPECT_NE(f.advice.find("924.6 s"), std::string::npos) << f.advice;
  EXPECT_NE(f.advice.find("TCP_USER_TIMEOUT"), std::string::npos);
}

TEST(HalfOpen, GiveUpTimeFollowsTheKernelsModelOfTcpRetries2) {
  // tcp_model_timeout(): ((2 << n) - 1) * 200 ms up to n = 9, then 120 s per retry.
  const std::vector<std::pair<int64_t, double>> cases = {{0, 0.2}, {3, 3.0}, {8, 102.2}, {9, 204.6}, {10, 324.6},
                                                         {15, 924.6}};
  for (const auto& [retries2, seconds] : cases) {
    Snapshot snap = snapshot_of({retransmitting(owned(TcpState::Established, 1), 5)});
    snap.system.sysctls.tcp_retries2 = retries2;
    const auto found = run(snap);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_DOUBLE_EQ(found[0].evidence.at("gives_up_after_s").get<double>(), seconds) << "tcp_retries2 " << retries2;
  }
}

TEST(HalfOpen, UnknownLimitsAndOlderKernelsLeaveNullsButStillRaise) {
  SocketRecord s = retransmitting(owned(TcpState::Established, 1), 4);
  s.tcp_info.total_rto_time = 5000;
  s.tcp_info_len = offsetof(TcpInfo, total_rto);  // a kernel before 6.7
  Snapshot snap = snapshot_of({s});
  snap.system.sysctls.tcp_retries2.reset();
  const auto found = run(snap);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].evidence.at("tcp_retries2").is_null());
  EXPECT_TRUE(found[0].evidence.at("gives_up_after_s").is_null());
  EXPECT_TRUE(found[0].evidence.at("retransmitting_s").is_null());
  EXPECT_TRUE(found[0].evidence.at("gives_up_in_s").is_null());
  EXPECT_EQ(found[0].summary.find("gives up"), std::string::npos);
}

TEST(HalfOpen, WithoutTcpInfoTheTimerCountDecides) {
  SocketRecord s = conn(TcpState::Established, "10.0.0.1", 40001, "10.0.0.2", 443, 1, 501);
  s.timer = TimerInfo{TimerKind::Retransmit, 1000, 3};
  const auto found = run(snapshot_of({s}));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence.at("retransmits"), 3);
  EXPECT_TRUE(found[0].evidence.at("backoff").is_null());
  EXPECT_TRUE(found[0].evidence.at("last_ack_recv_s").is_null());
}

TEST(HalfOpen, RtoBackoffAloneCounts) {
  SocketRecord s = owned(TcpState::Established, 1);
  s.timer = TimerInfo{TimerKind::Retransmit, 1000, 0};
  s.tcp_info.backoff = 3;
  EXPECT_EQ(run(snapshot_of({s})).size(), 1u);
}

TEST(HalfOpen, ARetransmitTimerWithoutRetransmissionsIsDataInFlight) {
  SocketRecord s = owned(TcpState::Established, 1);
  s.timer = TimerInfo{TimerKind::Retransmit, 200, 0};
  DetectorsConfig config;
  config.half_open.min_retransmits = 0;
  EXPECT_TRUE(run(snapshot_of({s}), config).empty());
}

TEST(HalfOpen, ZeroWindowProbesAreNotRetransmissions) {
  SocketRecord s = owned(TcpState::Established, 1);
  s.timer = TimerInfo{TimerKind::ZeroWindowProbe, 3000, 6};
  s.tcp_info.backoff = 6;
  EXPECT_TRUE(run(snapshot_of({s})).empty());
}

TEST(HalfOpen, OwnedClosingStatesRetransmittingArePeerUnreachable) {
  const auto found = run(snapshot_of({retransmitting(owned(TcpState::FinWait1, 1), 3),
                                      retransmitting(owned(TcpState::LastAck, 2), 3),
                                      retransmitting(owned(TcpState::CloseWait, 3), 3),
                                      retransmitting(owned(TcpState::SynSent, 4), 6)}));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence.at("signature"), "peer_unreachable");
  EXPECT_EQ(found[0].evidence.at("count"), 3);
  EXPECT_EQ(found[0].sockets, (std::vector<uint64_t>{1, 2, 3}));
}

TEST(HalfOpen, WorstSocketIsTheOneWithMostRetransmissions) {
  const auto found = run(snapshot_of({retransmitting(owned(TcpState::Established, 1, "10.0.0.2"), 4),
                                      retransmitting(owned(TcpState::Established, 2, "10.0.0.3"), 9),
                                      retransmitting(owned(TcpState::Established, 3, "10.0.0.3"), 5)}));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence.at("peer"), "10.0.0.3:443");
  EXPECT_EQ(found[0].evidence.at("retransmits"), 9);
  EXPECT_EQ(found[0].evidence.at("peers"), nlohmann::ordered_json::parse(
                                               R"([{"address": "10.0.0.3", "count": 2}, {"address": "10.0.0.2", "count": 1}])"));
}

// --- keepalive_failing ------------------------------------------------------

SocketRecord keepalive(uint64_t cookie, uint32_t probes, uint32_t expires_ms = 500) {
  SocketRecord s = owned(TcpState::Established, cookie, "10.0.0.5", 5432);
  s.timer = TimerInfo{TimerKind::Keepalive, expires_ms, probes};
  s.tcp_info.probes = static_cast<uint8_t>(probes);
  return s;
}

TEST(HalfOpen, KeepaliveWithoutProbesOutIsHealthy) {
  EXPECT_TRUE(run(snapshot_of({keepalive(1, 0)})).empty());
}

TEST(HalfOpen, KeepaliveFailingWithOneProbeOut) {
  const auto found = run(snapshot_of({keepalive(1, 1), keepalive(2, 2)}));
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.id, "half_open:keepalive_failing:pid=42");
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_EQ(f.evidence.at("signature"), "keepalive_failing");
  EXPECT_EQ(f.evidence.at("count"), 2);
  EXPECT_EQ(f.evidence.at("probes_sent"), 2);
  EXPECT_EQ(f.evidence.at("peer"), "10.0.0.5:5432");
  EXPECT_DOUBLE_EQ(f.evidence.at("next_probe_in_s").get<double>(), 0.5);
  EXPECT_EQ(f.evidence.at("keepalive_probes_default"), 9);
  EXPECT_EQ(f.evidence.at("keepalive_intvl_default_s"), 75);
  // Next probe in 0.5 s, then 9 - 2 more firings 75 s apart; the last one resets.
  EXPECT_DOUBLE_EQ(f.evidence.at("gives_up_in_s").get<double>(), 525.5);
  EXPECT_EQ(f.sockets, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(f.summary,
            "pid 42 (client) has 2 connections with unanswered keepalive probes, worst 10.0.0.5:5432 (2 probes sent)");
  EXPECT_NE(f.advice.find("TCP_KEEPCNT"), std::string::npos);
}

TEST(HalfOpen, KeepaliveProbesFromTcpInfoAloneCount) {
  SocketRecord s = keepalive(1, 0);
  s.tcp_info.probes = 1;
  const auto found = run(snapshot_of({s}));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence.at("probes_sent"), 1);
}

TEST(HalfOpen, KeepaliveGiveUpIsUnknownWhenTheSocketOutlastsTheDefaultsOrTheyAreUnreadable) {
  const auto over = run(snapshot_of({keepalive(1, 12)}));  // its own TCP_KEEPCNT is above the default 9
  ASSERT_EQ(over.size(), 1u);
  EXPECT_TRUE(over[0].evidence.at("gives_up_in_s").is_null());

  Snapshot snap = snapshot_of({keepalive(1, 9, 2000)});
  const auto last = run(snap);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_DOUBLE_EQ(last[0].evidence.at("gives_up_in_s").get<double>(), 2.0) << "the next firing resets it";

  snap.system.sysctls.tcp_keepalive_intvl.reset();
  const auto unknown = run(snap);
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_TRUE(unknown[0].evidence.at("keepalive_intvl_default_s").is_null());
  EXPECT_TRUE(unknown[0].evidence.at("gives_up_in_s").is_null());
}

TEST(HalfOpen, OrphanedFinWait2OnItsKeepaliveTimerIsNotKeepaliveFailing) {
  SocketRecord s = orphan(TcpState::FinWait2, 1, 0);
  s.timer = TimerInfo{TimerKind::Keepalive, 30000, 1};
  EXPECT_TRUE(run(snapshot_of({s})).empty());
}

// --- idle_no_keepalive ------------------------------------------------------

SocketRecord idle(uint64_t cookie, uint32_t data_ms, uint32_t ack_ms) {
  SocketRecord s = owned(TcpState::Established, cookie, "10.0.0.7", 6379);
  s.tcp_info.last_data_recv = data_ms;
  s.tcp_info.last_ack_recv = ack_ms;
  return s;
}

TEST(HalfOpen, IdleWithoutKeepaliveAtIdleS) {
  EXPECT_TRUE(run(snapshot_of({idle(1, 7'199'999, 7'199'999)})).empty());

  const auto found = run(snapshot_of({idle(1, 7'200'000, 7'200'000), idle(2, 9'000'000, 9'000'000)}));
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.id, "half_open:idle_no_keepalive:pid=42");
  EXPECT_EQ(f.severity, Severity::Info);
  EXPECT_EQ(f.evidence.at("signature"), "idle_no_keepalive");
  EXPECT_EQ(f.evidence.at("count"), 2);
  EXPECT_DOUBLE_EQ(f.evidence.at("longest_idle_s").get<double>(), 9000.0);
  EXPECT_EQ(f.evidence.at("peer"), "10.0.0.7:6379");
  EXPECT_EQ(f.summary,
            "pid 42 (client) has 2 connections without keepalive that received nothing for over 2h, longest 2h "
            "(10.0.0.7:6379)");
  EXPECT_NE(f.advice.find("SO_KEEPALIVE"), std::string::npos);
}

TEST(HalfOpen, AcknowledgedSendingIsNotIdle) {
  // Nothing to read for hours, but the peer acknowledged data a second ago.
  EXPECT_TRUE(run(snapshot_of({idle(1, 9'000'000, 1'000)})).empty());
}

TEST(HalfOpen, IdleWithKeepaliveOrWithoutTcpInfoIsNotFlagged) {
  SocketRecord with_keepalive = idle(1, 9'000'000, 9'000'000);
  with_keepalive.timer = TimerInfo{TimerKind::Keepalive, 60000, 0};
  SocketRecord no_info = idle(2, 9'000'000, 9'000'000);
  no_info.tcp_info_len = 0;
  SocketRecord close_wait = idle(3, 9'000'000, 9'000'000);
  close_wait.state = TcpState::CloseWait;
  EXPECT_TRUE(run(snapshot_of({with_keepalive, no_info, close_wait})).empty());
}

TEST(HalfOpen, IdleThresholdComesFromTheConfig) {
  DetectorsConfig config;
  config.half_open.idle_s = 1;
  EXPECT_TRUE(run(snapshot_of({idle(1, 999, 999)}), config).empty());
  EXPECT_EQ(run(snapshot_of({idle(1, 1000, 1000)}), config).size(), 1u);
}

// --- orphan_retransmitting --------------------------------------------------

TEST(HalfOpen, OrphansRetransmittingMakeOneHostFinding) {
  const auto below = run(snapshot_of({orphan(TcpState::FinWait1, 1, 2)}));
  EXPECT_TRUE(below.empty());

  const auto found = run(snapshot_of({orphan(TcpState::FinWait1, 1, 3, "10.0.0.9"),
                                      orphan(TcpState::FinWait1, 2, 6, "10.0.0.9"),
                                      orphan(TcpState::LastAck, 3, 4, "10.0.0.8"),
                                      orphan(TcpState::Closing, 4, 7, "10.0.0.8")}));
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.id, "half_open:orphan_retransmitting:host");
  EXPECT_EQ(f.subject, "host");
  EXPECT_EQ(f.severity, Severity::Info);
  EXPECT_EQ(f.evidence.at("signature"), "orphan_retransmitting");
  EXPECT_FALSE(f.evidence.contains("pid"));
  EXPECT_EQ(f.evidence.at("count"), 3);
  EXPECT_EQ(f.evidence.at("fin_wait1"), 2);
  EXPECT_EQ(f.evidence.at("last_ack"), 1);
  EXPECT_EQ(f.evidence.at("retransmits"), 6);
  EXPECT_EQ(f.evidence.at("state"), "FIN_WAIT1");
  EXPECT_EQ(f.evidence.at("peers"), nlohmann::ordered_json::parse(
                                        R"([{"address": "10.0.0.9", "count": 2}, {"address": "10.0.0.8", "count": 1}])"));
  EXPECT_EQ(f.sockets, (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_NE(f.advice.find("tcp_orphan_retries"), std::string::npos);
}

// --- grouping, modes, bounds ------------------------------------------------

TEST(HalfOpen, GroupsBySignatureAndProcess) {
  const auto found = run(snapshot_of({retransmitting(owned(TcpState::Established, 1), 3),
                                      retransmitting(owned(TcpState::Established, 2), 3), keepalive(3, 1),
                                      idle(4, 9'000'000, 9'000'000), orphan(TcpState::LastAck, 5, 3)},
                                     42, {{2, 77}}));
  ASSERT_EQ(found.size(), 5u);
  EXPECT_NE(find_id(found, "half_open:peer_unreachable:pid=42"), nullptr);
  EXPECT_NE(find_id(found, "half_open:peer_unreachable:pid=77"), nullptr);
  EXPECT_NE(find_id(found, "half_open:keepalive_failing:pid=42"), nullptr);
  EXPECT_NE(find_id(found, "half_open:idle_no_keepalive:pid=42"), nullptr);
  EXPECT_NE(find_id(found, "half_open:orphan_retransmitting:host"), nullptr);
}

TEST(HalfOpen, AnOwnedSocketWhoseHolderIsUnknownGroupsUnderUnknown) {
  Snapshot snap = snapshot_of({retransmitting(owned(TcpState::Established, 1), 3)});
  snap.processes = ProcessIndex{};
  const auto found = run(snap);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "half_open:peer_unreachable:pid=unknown");
  EXPECT_EQ(found[0].subject, "unknown process");
  EXPECT_TRUE(found[0].evidence.at("pid").is_null());
}

TEST(HalfOpen, DaemonModeGivesTheSameFindingsAsDirectMode) {
  test::Timeline line;
  Snapshot snap = snapshot_of({retransmitting(owned(TcpState::Established, 1), 3), keepalive(2, 1),
                               idle(3, 9'000'000, 9'000'000), orphan(TcpState::FinWait1, 4, 3)});
  for (const SocketRecord& s : snap.sockets) line.add(s, 0);
  line.set_processes(snap.processes);
  line.set_sysctls(snap.system.sysctls);
  const auto daemon = line.run(detect_half_open, DetectorsConfig{}, 3);
  const auto direct = run(line.snapshot_at(3));
  ASSERT_EQ(daemon.size(), 4u);
  ASSERT_EQ(direct.size(), daemon.size());
  for (size_t i = 0; i < daemon.size(); ++i) {
    EXPECT_EQ(daemon[i].id, direct[i].id);
    EXPECT_EQ(daemon[i].evidence, direct[i].evidence);
  }
}

TEST(HalfOpen, IdStaysTheSameAsNumbersChange) {
  const auto first = run(snapshot_of({retransmitting(owned(TcpState::Established, 1), 3)}));
  const auto later = run(snapshot_of({retransmitting(owned(TcpState::Established, 1), 7),
                                      retransmitting(owned(TcpState::Established, 2, "10.0.0.3"), 4)}));
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(first[0].id, later[0].id);
}

TEST(HalfOpen, ManySocketsStayAFewFindingsWithABoundedSocketList) {
  std::vector<SocketRecord> sockets;
  std::vector<std::pair<uint64_t, int32_t>> holders;
  for (uint64_t i = 1; i <= 6000; ++i) {
    std::string peer = "10.1." + std::to_string(i % 200) + "." + std::to_string(i % 250 + 1);
    sockets.push_back(retransmitting(owned(TcpState::Established, i, peer), 3));
    holders.emplace_back(i, static_cast<int32_t>(100 + i % 3));
  }
  const auto found = run(snapshot_of(std::move(sockets), 42, holders));
  ASSERT_EQ(found.size(), 3u);
  for (const Finding& f : found) {
    EXPECT_EQ(f.evidence.at("count"), 2000);
    EXPECT_EQ(f.sockets.size(), kMaxNamedSockets);
    EXPECT_EQ(f.evidence.at("peers").size(), 5u);
  }
}

TEST(HalfOpen, UdpAndListenersAreIgnored) {
  SocketRecord udp = retransmitting(owned(TcpState::Established, 1), 5);
  udp.proto = Proto::Udp;
  SocketRecord listener = owned(TcpState::Listen, 2);
  listener.tcp_info.last_data_recv = listener.tcp_info.last_ack_recv = 9'000'000;
  EXPECT_TRUE(run(snapshot_of({udp, listener})).empty());
}

TEST(HalfOpen, DisabledFindsNothing) {
  DetectorsConfig config;
  config.half_open.enabled = false;
  EXPECT_TRUE(run(snapshot_of({retransmitting(owned(TcpState::Established, 1), 9), keepalive(2, 3),
                               orphan(TcpState::FinWait1, 3, 5)}),
                  config)
                  .empty());
}

}  // namespace

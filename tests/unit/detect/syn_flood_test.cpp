#include <gtest/gtest.h>

#include <optional>

#include "detect/detector_fns.h"
#include "host_fixtures.h"

namespace {

using namespace sockscope;

DetectorsConfig small_counts() {
  DetectorsConfig config;
  config.syn_flood.warning_count = 4;
  config.syn_flood.critical_count = 8;
  return config;
}

// `count` request sockets on 10.0.0.1:443 (a listener there with backlog 128).
Snapshot syn_recv(int count, TcpState state = TcpState::NewSynRecv) {
  Snapshot snap;
  SocketRecord listener = test::tcp(TcpState::Listen, "10.0.0.1", 443, "0.0.0.0", 0, 9000, 55);
  listener.send_q = 128;
  snap.sockets.push_back(listener);
  test::add_many(snap, count, state, "10.0.0.1", 443, "198.51.100.7", 20000, 1);
  snap.system.sysctls.tcp_max_syn_backlog = 512;
  snap.system.sysctls.tcp_syncookies = 1;
  return snap;
}

std::vector<Finding> run(const Snapshot& snap, const DetectorsConfig& config, const History* history = nullptr) {
  Tracker tracker;
  return test::run_detector(detect_syn_flood, snap, config, history ? &tracker : nullptr, history);
}

TEST(SynFloodDetector, JustBelowWarningCountIsQuiet) { EXPECT_TRUE(run(syn_recv(3), small_counts()).empty()); }

TEST(SynFloodDetector, WarningAtWarningCount) {
  auto found = run(syn_recv(4), small_counts());
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.kind, "syn_flood");
  EXPECT_EQ(f.id, "syn_flood:host");
  EXPECT_EQ(f.subject, "host");
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_EQ(f.evidence["syn_recv"], 4);
  EXPECT_EQ(f.evidence["tcp_max_syn_backlog"], 512);
  EXPECT_EQ(f.evidence["tcp_syncookies"], 1);
  EXPECT_TRUE(f.evidence["syncookies_per_s"].is_null());  // direct mode
  ASSERT_EQ(f.evidence["top_ports"].size(), 1u);
  EXPECT_EQ(f.evidence["top_ports"][0]["port"], 443);
  EXPECT_EQ(f.evidence["top_ports"][0]["count"], 4);
  EXPECT_EQ(f.evidence["top_ports"][0]["listen_backlog"], 128);
  EXPECT_EQ(f.summary, "4 SYN_RECV sockets, most on port 443 (4)");
  EXPECT_EQ(f.sockets, (std::vector<uint64_t>{1, 2, 3, 4}));
}

TEST(SynFloodDetector, CriticalAtCriticalCount) {
  EXPECT_EQ(run(syn_recv(7), small_counts()).at(0).severity, Severity::Warning);
  EXPECT_EQ(run(syn_recv(8), small_counts()).at(0).severity, Severity::Critical);
}

TEST(SynFloodDetector, PlainSynRecvCountsToo) {
  EXPECT_EQ(run(syn_recv(4, TcpState::SynRecv), small_counts()).size(), 1u);
}

TEST(SynFloodDetector, DefaultThresholds) {
  DetectorsConfig config;
  EXPECT_TRUE(run(syn_recv(255), config).empty());
  EXPECT_EQ(run(syn_recv(256), config).at(0).severity, Severity::Warning);
  EXPECT_EQ(run(syn_recv(1024), config).at(0).severity, Severity::Critical);
}

TEST(SynFloodDetector, TopPortsLargestFirst) {
  Snapshot snap = syn_recv(3);
  test::add_many(snap, 5, TcpState::NewSynRecv, "10.0.0.1", 8080, "198.51.100.8", 30000, 100);
  auto found = run(snap, small_counts());
  ASSERT_EQ(found.size(), 1u);
  const auto& ports = found[0].evidence["top_ports"];
  ASSERT_EQ(ports.size(), 2u);
  EXPECT_EQ(ports[0]["port"], 8080);
  EXPECT_EQ(ports[0]["count"], 5);
  EXPECT_TRUE(ports[0]["listen_backlog"].is_null());  // no listener seen on 8080
  EXPECT_EQ(ports[1]["port"], 443);
  EXPECT_EQ(found[0].severity, Severity::Critical);
}

TEST(SynFloodDetector, CountsOnlyTcpSynRecv) {
  Snapshot snap = syn_recv(3);
  test::add_many(snap, 10, TcpState::Established, "10.0.0.1", 443, "198.51.100.9", 20000, 100);
  test::add_many(snap, 10, TcpState::SynSent, "10.0.0.1", 30000, "198.51.100.9", 443, 200, true);
  snap.sockets.push_back(test::record(Proto::Udp, TcpState::SynRecv, "10.0.0.1", 53, "10.0.0.9", 53));
  EXPECT_TRUE(run(snap, small_counts()).empty());
}

TEST(SynFloodDetector, ZeroCountsTurnTheCountOff) {
  DetectorsConfig config;
  config.syn_flood.warning_count = 0;
  config.syn_flood.critical_count = 0;
  EXPECT_TRUE(run(syn_recv(2000), config).empty());
}

TEST(SynFloodDetector, SynCookiesSentInTheLastTenSecondsWarn) {
  History history = test::history_of("TcpExt.SyncookiesSent", test::quiet_then_burst(20, 0, 2, 50));
  auto found = run(syn_recv(0), small_counts(), &history);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_EQ(found[0].evidence["syn_recv"], 0);
  EXPECT_EQ(found[0].evidence["syncookies_sent_10s"], 100);
  EXPECT_DOUBLE_EQ(found[0].evidence["syncookies_per_s"].get<double>(), 10.0);
  EXPECT_TRUE(found[0].evidence["top_ports"].empty());
  EXPECT_EQ(found[0].summary, "0 SYN_RECV sockets; 100 SYN cookies sent in the last 10s");
}

TEST(SynFloodDetector, SynCookiesOlderThanTheWindowAreQuiet) {
  std::vector<int64_t> deltas(30, 0);
  deltas[5] = 100;
  History history = test::history_of("TcpExt.SyncookiesSent", deltas);
  EXPECT_TRUE(run(syn_recv(0), small_counts(), &history).empty());
}

TEST(SynFloodDetector, AlwaysOnSynCookiesAreNotAFlood) {
  History history = test::history_of("TcpExt.SyncookiesSent", test::quiet_then_burst(20, 5, 2, 50));
  Snapshot snap = syn_recv(0);
  snap.system.sysctls.tcp_syncookies = 2;
  EXPECT_TRUE(run(snap, small_counts(), &history).empty());
}

TEST(SynFloodDetector, QuietCookiesStillReportedWithACountFinding) {
  History history = test::history_of("TcpExt.SyncookiesSent", std::vector<int64_t>(20, 0));
  auto found = run(syn_recv(5), small_counts(), &history);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence["syncookies_sent_10s"], 0);
  EXPECT_DOUBLE_EQ(found[0].evidence["syncookies_per_s"].get<double>(), 0.0);
}

TEST(SynFloodDetector, UnknownSysctlsAreNull) {
  Snapshot snap = syn_recv(5);
  snap.system.sysctls.tcp_max_syn_backlog.reset();
  snap.system.sysctls.tcp_syncookies.reset();
  auto found = run(snap, small_counts());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].evidence["tcp_max_syn_backlog"].is_null());
  EXPECT_TRUE(found[0].evidence["tcp_syncookies"].is_null());
}

TEST(SynFloodDetector, Disabled) {
  DetectorsConfig config = small_counts();
  config.syn_flood.enabled = false;
  EXPECT_TRUE(run(syn_recv(20), config).empty());
}

TEST(SynFloodDetector, IdStableAcrossPolls) {
  EXPECT_EQ(run(syn_recv(5), small_counts()).at(0).id, run(syn_recv(50), small_counts()).at(0).id);
}

}  // namespace

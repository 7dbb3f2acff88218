#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "detect/detector_fns.h"
#include "host_fixtures.h"

namespace {

using namespace sockscope;

// A pool of 100 ports: 1000..1099, so a count is also a percentage.
constexpr PortRange kRange{1000, 1099};

Snapshot with_range(std::optional<PortRange> range = kRange) {
  Snapshot snap;
  snap.system.sysctls.ip_local_port_range = range;
  return snap;
}

// `count` connections from 10.0.0.1 (ports from `first_port`) to remote:rport.
void connect_many(Snapshot& snap, int count, TcpState state = TcpState::Established, uint16_t first_port = 1000,
                  const std::string& remote = "10.0.0.2", uint16_t rport = 443, uint64_t first_cookie = 1,
                  const std::string& local = "10.0.0.1") {
  test::add_many(snap, count, state, local, first_port, remote, rport, first_cookie, true);
}

std::vector<Finding> run(const Snapshot& snap, const DetectorsConfig& config = {}) {
  return test::run_detector(detect_ephemeral_port_exhaustion, snap, config);
}

TEST(EphemeralPortExhaustionDetector, JustBelowWarningPctIsQuiet) {
  Snapshot snap = with_range();
  connect_many(snap, 49);
  EXPECT_TRUE(run(snap).empty());
}

TEST(EphemeralPortExhaustionDetector, WarningAtWarningPct) {
  Snapshot snap = with_range();
  connect_many(snap, 50);
  auto found = run(snap);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.kind, "ephemeral_port_exhaustion");
  EXPECT_EQ(f.id, "ephemeral_port_exhaustion:10.0.0.1->10.0.0.2:443");
  EXPECT_EQ(f.subject, "10.0.0.1 -> 10.0.0.2:443");
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_EQ(f.evidence["local_address"], "10.0.0.1");
  EXPECT_EQ(f.evidence["remote_endpoint"], "10.0.0.2:443");
  EXPECT_EQ(f.evidence["ports_in_use"], 50);
  EXPECT_EQ(f.evidence["range_low"], 1000);
  EXPECT_EQ(f.evidence["range_high"], 1099);
  EXPECT_EQ(f.evidence["range_size"], 100);
  EXPECT_DOUBLE_EQ(f.evidence["used_pct"].get<double>(), 50.0);
  EXPECT_EQ(f.summary, "10.0.0.1 -> 10.0.0.2:443 holds 50 of 100 ephemeral ports (50%)");
  EXPECT_EQ(f.sockets.size(), 50u);
  EXPECT_FALSE(f.advice.empty());
}

TEST(EphemeralPortExhaustionDetector, CriticalAtCriticalPct) {
  Snapshot below = with_range();
  connect_many(below, 79);
  EXPECT_EQ(run(below).at(0).severity, Severity::Warning);
  Snapshot at = with_range();
  connect_many(at, 80);
  EXPECT_EQ(run(at).at(0).severity, Severity::Critical);
}

TEST(EphemeralPortExhaustionDetector, TimeWaitAndEveryStateCount) {
  Snapshot snap = with_range();
  connect_many(snap, 30, TcpState::Established, 1000, "10.0.0.2", 443, 1);
  connect_many(snap, 25, TcpState::TimeWait, 1030, "10.0.0.2", 443, 100);
  connect_many(snap, 1, TcpState::SynSent, 1055, "10.0.0.2", 443, 200);
  auto found = run(snap);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence["ports_in_use"], 56);
  const auto& by_state = found[0].evidence["by_state"];
  EXPECT_EQ(by_state.size(), 3u);
  EXPECT_EQ(by_state["ESTABLISHED"], 30);
  EXPECT_EQ(by_state["TIME_WAIT"], 25);
  EXPECT_EQ(by_state["SYN_SENT"], 1);
}

TEST(EphemeralPortExhaustionDetector, PortsOutsideTheRangeDoNotCount) {
  Snapshot snap = with_range();
  connect_many(snap, 49);
  connect_many(snap, 40, TcpState::Established, 2000, "10.0.0.2", 443, 100);  // bound or server-side ports
  connect_many(snap, 10, TcpState::Established, 900, "10.0.0.2", 443, 200);
  EXPECT_TRUE(run(snap).empty());
}

TEST(EphemeralPortExhaustionDetector, RangeBoundsAreInclusive) {
  Snapshot snap = with_range();
  connect_many(snap, 49, TcpState::Established, 1001);  // 1001..1049
  snap.sockets.push_back(test::tcp(TcpState::Established, "10.0.0.1", 1099, "10.0.0.2", 443, 500));
  auto found = run(snap);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence["ports_in_use"], 50);
}

TEST(EphemeralPortExhaustionDetector, ListenersAndUnconnectedSocketsDoNotCount) {
  Snapshot snap = with_range();
  connect_many(snap, 45);
  for (uint16_t port = 1050; port < 1060; ++port) {
    snap.sockets.push_back(test::tcp(TcpState::Listen, "10.0.0.1", port, "0.0.0.0", 0, port));
    snap.sockets.push_back(test::tcp(TcpState::Close, "10.0.0.1", static_cast<uint16_t>(port + 20), "0.0.0.0", 0,
                                     port + 100u));
  }
  EXPECT_TRUE(run(snap).empty());
}

TEST(EphemeralPortExhaustionDetector, UdpDoesNotCount) {
  Snapshot snap = with_range();
  connect_many(snap, 49);
  snap.sockets.push_back(test::record(Proto::Udp, TcpState::Established, "10.0.0.1", 1090, "10.0.0.2", 443));
  EXPECT_TRUE(run(snap).empty());
}

TEST(EphemeralPortExhaustionDetector, GroupsPerLocalAddressAndDestination) {
  Snapshot snap = with_range();
  // Each destination has its own pool: 40 ports to each of four is fine.
  connect_many(snap, 40, TcpState::Established, 1000, "10.0.0.2", 443, 1);
  connect_many(snap, 40, TcpState::Established, 1000, "10.0.0.3", 443, 100);
  connect_many(snap, 40, TcpState::Established, 1000, "10.0.0.2", 80, 200);
  connect_many(snap, 40, TcpState::Established, 1000, "10.0.0.2", 443, 300, "10.0.0.7");
  EXPECT_TRUE(run(snap).empty());

  connect_many(snap, 20, TcpState::Established, 1040, "10.0.0.3", 443, 400);
  auto found = run(snap);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "ephemeral_port_exhaustion:10.0.0.1->10.0.0.3:443");
  EXPECT_EQ(found[0].evidence["ports_in_use"], 60);
  EXPECT_EQ(found[0].sockets.size(), 60u);
  EXPECT_EQ(found[0].sockets.front(), 100u);
}

TEST(EphemeralPortExhaustionDetector, OneFindingPerExhaustedDestination) {
  Snapshot snap = with_range();
  connect_many(snap, 60, TcpState::Established, 1000, "10.0.0.2", 443, 1);
  connect_many(snap, 85, TcpState::Established, 1000, "10.0.0.3", 443, 100);
  auto found = run(snap);
  ASSERT_EQ(found.size(), 2u);
  std::sort(found.begin(), found.end(), [](const Finding& a, const Finding& b) { return a.id < b.id; });
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_EQ(found[1].severity, Severity::Critical);
  EXPECT_EQ(found[1].id, "ephemeral_port_exhaustion:10.0.0.1->10.0.0.3:443");
}

TEST(EphemeralPortExhaustionDetector, Ipv6Destination) {
  Snapshot snap = with_range();
  test::add_many(snap, 50, TcpState::Established, "fd00::1", 1000, "fd00::2", 8443, 1, true);
  auto found = run(snap);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "ephemeral_port_exhaustion:fd00::1->[fd00::2]:8443");
  EXPECT_EQ(found[0].evidence["remote_endpoint"], "[fd00::2]:8443");
}

TEST(EphemeralPortExhaustionDetector, NewSynRecvFoldsIntoSynRecv) {
  Snapshot snap = with_range();
  connect_many(snap, 49);
  connect_many(snap, 1, TcpState::NewSynRecv, 1090, "10.0.0.2", 443, 900);
  auto found = run(snap);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence["by_state"]["SYN_RECV"], 1);
}

TEST(EphemeralPortExhaustionDetector, UnknownRangeIsQuiet) {
  Snapshot snap = with_range(std::nullopt);
  connect_many(snap, 100);
  EXPECT_TRUE(run(snap).empty());
}

TEST(EphemeralPortExhaustionDetector, Disabled) {
  Snapshot snap = with_range();
  connect_many(snap, 90);
  DetectorsConfig config;
  config.ephemeral_port_exhaustion.enabled = false;
  EXPECT_TRUE(run(snap, config).empty());
}

TEST(EphemeralPortExhaustionDetector, IdStableAsPortsComeAndGo) {
  Snapshot first = with_range();
  connect_many(first, 55);
  Snapshot second = with_range();
  connect_many(second, 90, TcpState::TimeWait, 1005, "10.0.0.2", 443, 1000);
  ASSERT_EQ(run(first).size(), 1u);
  ASSERT_EQ(run(second).size(), 1u);
  EXPECT_EQ(run(first)[0].id, run(second)[0].id);
}

}  // namespace

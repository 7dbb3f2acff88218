// ephemeral_port_exhaustion against the kernel: connections to one
// destination from a narrowed ip_local_port_range, until connect() fails.
#include <gtest/gtest.h>

#include <system_error>

#include "detect/detector_fns.h"
#include "detect_harness.h"
#include "host_scenarios.h"

namespace sockscope::testing {
namespace {

class EphemeralPortExhaustionTest : public NetnsTest {};

constexpr uint16_t kServerPort = 5555;  // outside the range below, so the listener takes none of it

struct Connection {
  UniqueFd client;
  UniqueFd server;
};

Connection connect_one(const UniqueFd& listener) {
  Connection c;
  c.client = tcp_connect(Ip::V4, kServerPort);
  c.server = accept_one(listener);
  return c;
}

// The client closes first and keeps its port in TIME_WAIT.
void close_into_time_wait(Connection& c) {
  shutdown_write(c.client);
  wait_tcp_state(c.server, TCP_CLOSE_WAIT, "server to CLOSE_WAIT");
  c.server.reset();
  wait_tcp_state(c.client, TCP_CLOSE, "client to TIME_WAIT");
  c.client.reset();
}

TEST_F(EphemeralPortExhaustionTest, AgainstANarrowedPortRange) {
  UniqueFd listener = listener_on(Ip::V4, kServerPort, 64);
  set_sysctl("net.ipv4.ip_local_port_range", "40000 40009");
  set_sysctl("net.ipv4.tcp_tw_reuse", "0");  // TIME_WAIT ports are not taken over by new connects
  DetectorsConfig config;                    // warning at 50 %, critical at 80 %
  DetectHarness harness;
  EXPECT_TRUE(harness.poll(detect_ephemeral_port_exhaustion, config).empty());

  std::vector<Connection> connections;
  for (int i = 0; i < 6; ++i) connections.push_back(connect_one(listener));
  auto found = harness.poll(detect_ephemeral_port_exhaustion, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  const Finding warning = found[0];
  EXPECT_EQ(warning.id, "ephemeral_port_exhaustion:127.0.0.1->127.0.0.1:5555");
  EXPECT_EQ(warning.severity, Severity::Warning);
  EXPECT_EQ(warning.evidence["ports_in_use"], 6);
  EXPECT_EQ(warning.evidence["range_low"], 40000);
  EXPECT_EQ(warning.evidence["range_high"], 40009);
  EXPECT_EQ(warning.evidence["range_size"], 10);
  EXPECT_DOUBLE_EQ(warning.evidence["used_pct"].get<double>(), 60.0);
  EXPECT_EQ(warning.evidence["by_state"]["ESTABLISHED"], 6);
  EXPECT_EQ(warning.sockets.size(), 6u);

  // Two clients close first: their ports stay taken for 60 s in TIME_WAIT.
  close_into_time_wait(connections[0]);
  close_into_time_wait(connections[1]);
  for (int i = 0; i < 2; ++i) connections.push_back(connect_one(listener));
  found = harness.poll(detect_ephemeral_port_exhaustion, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].id, warning.id);
  EXPECT_EQ(found[0].severity, Severity::Critical);
  EXPECT_EQ(found[0].evidence["ports_in_use"], 8);
  EXPECT_EQ(found[0].evidence["by_state"]["ESTABLISHED"], 6);
  EXPECT_EQ(found[0].evidence["by_state"]["TIME_WAIT"], 2);

  // The last two ports, and then the pool is empty for this destination.
  for (int i = 0; i < 2; ++i) connections.push_back(connect_one(listener));
  found = harness.poll(detect_ephemeral_port_exhaustion, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_DOUBLE_EQ(found[0].evidence["used_pct"].get<double>(), 100.0);
  try {
    tcp_connect_start(Ip::V4, kServerPort);
    ADD_FAILURE() << "connect() found a free port in an exhausted range";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), EADDRNOTAVAIL) << e.what();
  }
}

TEST_F(EphemeralPortExhaustionTest, OtherDestinationsHaveTheirOwnPool) {
  UniqueFd listener = listener_on(Ip::V4, kServerPort, 64);
  UniqueFd other = listener_on(Ip::V4, kServerPort + 1, 64);
  set_sysctl("net.ipv4.ip_local_port_range", "40000 40009");
  DetectorsConfig config;
  DetectHarness harness;
  std::vector<Connection> connections;
  for (int i = 0; i < 10; ++i) connections.push_back(connect_one(listener));
  // Every port of the range is taken towards :5555, yet connect() to :5556
  // reuses them: the 4-tuple stays unique.
  for (int i = 0; i < 4; ++i) {
    Connection c;
    c.client = tcp_connect(Ip::V4, kServerPort + 1);
    c.server = accept_one(other);
    connections.push_back(std::move(c));
  }
  auto found = harness.poll(detect_ephemeral_port_exhaustion, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].id, "ephemeral_port_exhaustion:127.0.0.1->127.0.0.1:5555");
  EXPECT_EQ(found[0].severity, Severity::Critical);
  EXPECT_EQ(found[0].evidence["ports_in_use"], 10);
}

}  // namespace
}  // namespace sockscope::testing

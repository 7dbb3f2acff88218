// half_open against the real kernel: a peer behind a veth pair that vanishes
// under unacknowledged data, keepalive probes the firewall swallows, idle
// connections without keepalive, and orphans whose FIN nobody acknowledges.
#include <gtest/gtest.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>
#include <vector>

#include "../states/firewall.h"
#include "../states/socket_scenarios.h"
#include "conn_scenarios.h"
#include "detect/detector_fns.h"
#include "detect_harness.h"

namespace {

using namespace sockscope;
using namespace sockscope::testing;
using namespace std::chrono_literals;

class HalfOpenTest : public NetnsTest {
 protected:
  void TearDown() override { peer_.reset(); }

  PeerNamespace& peer() {
    if (!peer_) peer_.emplace();
    return *peer_;
  }

 private:
  std::optional<PeerNamespace> peer_;
};

std::string id_of(const std::string& signature, pid_t pid) {
  return "half_open:" + signature + ":pid=" + std::to_string(pid);
}

void sysctl(const std::string& assignment) {
  int status = 0;
  const std::string output = run_command("sysctl -qw " + assignment + " 2>&1", &status);
  if (status != 0) throw std::runtime_error("sysctl " + assignment + ": " + output);
}

void set_int_option(const UniqueFd& fd, int level, int name, int value, const char* what) {
  if (::setsockopt(fd.get(), level, name, &value, sizeof value) != 0) throw_errno(what);
}

uint64_t cookie_of_local_port(const Snapshot& snapshot, uint16_t port, TcpState state) {
  for (const SocketRecord& s : snapshot.sockets) {
    if (s.proto == Proto::Tcp && s.local.port == port && s.state == state) return s.cookie;
  }
  return 0;
}

bool names_socket(const Finding& f, uint64_t cookie) {
  return std::find(f.sockets.begin(), f.sockets.end(), cookie) != f.sockets.end();
}

TEST_F(HalfOpenTest, PeerThatVanishesUnderUnacknowledgedDataIsPeerUnreachable) {
  sysctl("net.ipv4.tcp_retries2=8");  // this namespace only: gives up after 102.2 s
  DetectHarness harness(0.2);
  const DetectorsConfig config;  // min_retransmits 3: about 1.4 s of RTO backoff
  const std::string id = id_of("peer_unreachable", ::getpid());

  UniqueFd listener = peer().listen_inside();
  const uint16_t port = local_port(listener);
  UniqueFd client = PeerNamespace::connect_to_peer(port);
  UniqueFd far_end = accept_one(listener);
  write_bytes(client, 1000);
  const auto healthy = harness.poll(detect_half_open, config);
  EXPECT_TRUE(healthy.empty()) << describe(healthy);

  peer().cut();
  write_bytes(client, 5000);
  auto found = harness.poll_until(detect_half_open, config, "half_open", 10s, id);
  ASSERT_TRUE(found) << describe(harness.poll(detect_half_open, config));
  EXPECT_EQ(found->severity, Severity::Warning);
  EXPECT_EQ(found->evidence.at("signature"), "peer_unreachable");
  EXPECT_EQ(found->evidence.at("pid"), ::getpid());
  EXPECT_EQ(found->evidence.at("count"), 1);
  EXPECT_EQ(found->evidence.at("peer"), std::string(PeerNamespace::kPeerAddress) + ":" + std::to_string(port));
  EXPECT_EQ(found->evidence.at("state"), "ESTABLISHED");
  EXPECT_GE(found->evidence.at("retransmits").get<int>(), 3);
  EXPECT_GT(found->evidence.at("send_q_bytes").get<int>(), 0);
  EXPECT_EQ(found->evidence.at("tcp_retries2"), 8);
  EXPECT_DOUBLE_EQ(found->evidence.at("gives_up_after_s").get<double>(), 102.2);
  EXPECT_GE(found->evidence.at("last_ack_recv_s").get<double>(), 1.0);
  if (!found->evidence.at("retransmitting_s").is_null()) {  // Linux 6.7+
    EXPECT_GT(found->evidence.at("retransmitting_s").get<double>(), 0.0);
    EXPECT_LT(found->evidence.at("gives_up_in_s").get<double>(), 102.2);
  }
  EXPECT_EQ(found->evidence.at("peers"),
            nlohmann::ordered_json::parse(std::string(R"([{"address": ")") + PeerNamespace::kPeerAddress +
                                          R"(", "count": 1}])"));
  const uint64_t cookie = cookie_of_local_port(harness.snapshot(), local_port(client), TcpState::Established);
  ASSERT_NE(cookie, 0u);
  EXPECT_TRUE(names_socket(*found, cookie));
}

TEST_F(HalfOpenTest, KeepaliveProbesTheFirewallSwallowsAreKeepaliveFailing) {
  sysctl("net.ipv4.tcp_keepalive_probes=20");
  sysctl("net.ipv4.tcp_keepalive_intvl=1");
  DetectHarness harness(0.2);
  const DetectorsConfig config;
  const std::string id = id_of("keepalive_failing", ::getpid());

  TcpConn c = established(Ip::V4);
  set_int_option(c.client, SOL_SOCKET, SO_KEEPALIVE, 1, "SO_KEEPALIVE");
  set_int_option(c.client, IPPROTO_TCP, TCP_KEEPIDLE, 1, "TCP_KEEPIDLE");
  set_int_option(c.client, IPPROTO_TCP, TCP_KEEPINTVL, 1, "TCP_KEEPINTVL");
  const auto before = harness.poll(detect_half_open, config);
  EXPECT_TRUE(before.empty()) << describe(before);

  Firewall fw;
  fw.drop_tcp_to(c.client_port);  // the peer's answers to the probes are lost
  auto found = harness.poll_until(detect_half_open, config, "half_open", 6s, id);
  ASSERT_TRUE(found) << describe(harness.poll(detect_half_open, config));
  EXPECT_EQ(found->severity, Severity::Warning);
  EXPECT_EQ(found->evidence.at("signature"), "keepalive_failing");
  EXPECT_EQ(found->evidence.at("count"), 1);
  EXPECT_GE(found->evidence.at("probes_sent").get<int>(), 1);
  EXPECT_EQ(found->evidence.at("peer"), "127.0.0.1:" + std::to_string(c.server_port));
  EXPECT_EQ(found->evidence.at("keepalive_probes_default"), 20);
  EXPECT_EQ(found->evidence.at("keepalive_intvl_default_s"), 1);
  const double gives_up_in = found->evidence.at("gives_up_in_s").get<double>();
  EXPECT_GT(gives_up_in, 0.0);
  EXPECT_LE(gives_up_in, 21.0);
  const uint64_t cookie = cookie_of_local_port(harness.snapshot(), c.client_port, TcpState::Established);
  EXPECT_TRUE(names_socket(*found, cookie));
}

TEST_F(HalfOpenTest, IdleConnectionsWithoutKeepaliveAreIdleNoKeepalive) {
  DetectHarness harness(0.2);
  DetectorsConfig config;
  config.half_open.idle_s = 1;
  const std::string id = id_of("idle_no_keepalive", ::getpid());

  TcpConn plain = established(Ip::V4);
  TcpConn kept = established(Ip::V6);
  set_int_option(kept.client, SOL_SOCKET, SO_KEEPALIVE, 1, "SO_KEEPALIVE");
  const auto fresh = harness.poll(detect_half_open, config);
  EXPECT_TRUE(fresh.empty()) << describe(fresh);

  auto found = harness.poll_until(detect_half_open, config, "half_open", 4s, id);
  ASSERT_TRUE(found) << describe(harness.poll(detect_half_open, config));
  EXPECT_EQ(found->severity, Severity::Info);
  EXPECT_EQ(found->evidence.at("signature"), "idle_no_keepalive");
  EXPECT_GE(found->evidence.at("longest_idle_s").get<double>(), 1.0);
  // Both ends of the plain connection and the accepted end of the other;
  // the client with SO_KEEPALIVE runs a keepalive timer.
  EXPECT_EQ(found->evidence.at("count"), 3);
  const Snapshot& snap = harness.snapshot();
  EXPECT_TRUE(names_socket(*found, cookie_of_local_port(snap, plain.client_port, TcpState::Established)));
  EXPECT_TRUE(names_socket(*found, cookie_of_local_port(snap, kept.server_port, TcpState::Established)));
  EXPECT_FALSE(names_socket(*found, cookie_of_local_port(snap, kept.client_port, TcpState::Established)));

  // Traffic on the plain connection: its server end receives data and its
  // client end the acknowledgement, so only the other accepted end stays idle.
  write_bytes(plain.client, 10);
  std::this_thread::sleep_for(100ms);
  const auto after = harness.poll(detect_half_open, config);
  ASSERT_EQ(after.size(), 1u) << describe(after);
  EXPECT_EQ(after[0].evidence.at("count"), 1);
}

TEST_F(HalfOpenTest, OrphansWhoseFinIsNeverAcknowledgedAreOrphanRetransmitting) {
  DetectHarness harness(0.2);
  const DetectorsConfig config;
  Firewall fw;

  TcpConn fin_wait = fin_wait1(Ip::V4, fw);
  TcpConn last = last_ack(Ip::V4, fw);
  const auto owned = harness.poll(detect_half_open, config);
  for (const Finding& f : owned) EXPECT_NE(f.id, "half_open:orphan_retransmitting:host");

  fin_wait.client.reset();  // closed by the application: orphaned FIN_WAIT1
  last.server.reset();      // orphaned LAST_ACK
  std::optional<Finding> found;
  const auto deadline = std::chrono::steady_clock::now() + 8s;
  while (std::chrono::steady_clock::now() < deadline) {
    found = harness.poll_until(detect_half_open, config, "half_open", 8s, "orphan_retransmitting");
    if (!found || found->evidence.at("count") == 2) break;
    std::this_thread::sleep_for(200ms);
  }
  ASSERT_TRUE(found) << describe(harness.poll(detect_half_open, config));
  EXPECT_EQ(found->id, "half_open:orphan_retransmitting:host");
  EXPECT_EQ(found->subject, "host");
  EXPECT_EQ(found->severity, Severity::Info);
  EXPECT_EQ(found->evidence.at("count"), 2);
  EXPECT_EQ(found->evidence.at("fin_wait1"), 1);
  EXPECT_EQ(found->evidence.at("last_ack"), 1);
  EXPECT_GE(found->evidence.at("retransmits").get<int>(), 3);
  EXPECT_EQ(found->evidence.at("peers"), nlohmann::ordered_json::parse(R"([{"address": "127.0.0.1", "count": 2}])"));
  EXPECT_EQ(found->sockets.size(), 2u);
}

}  // namespace

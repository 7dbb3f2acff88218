// syn_flood against the kernel: handshakes held in SYN_RECV by dropping the
// clients' ACKs, and SYN cookies from a listener whose SYN queue is full.
#include <gtest/gtest.h>

#include <chrono>

#include "detect/detector_fns.h"
#include "detect_harness.h"
#include "host_scenarios.h"

namespace sockscope::testing {
namespace {

class SynFloodTest : public NetnsTest {};

// Starts a connect whose final ACK the firewall drops; the client believes it is connected.
UniqueFd half_handshake(uint16_t port) {
  UniqueFd client = tcp_connect_start(Ip::V4, port);
  wait_tcp_state(client, TCP_ESTABLISHED, "client past SYN-ACK");
  return client;
}

TEST_F(SynFloodTest, HandshakesHeldInSynRecv) {
  DetectorsConfig config;
  config.syn_flood.warning_count = 3;
  config.syn_flood.critical_count = 6;
  Firewall fw;
  DetectHarness harness;
  UniqueFd listener = tcp_listener(Ip::V4, 16);
  const uint16_t port = local_port(listener);
  EXPECT_TRUE(harness.poll(detect_syn_flood, config).empty());

  fw.drop_tcp_acks_to(port);
  std::vector<UniqueFd> clients;
  for (int i = 0; i < 3; ++i) clients.push_back(half_handshake(port));
  auto found = harness.poll(detect_syn_flood, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  const Finding warning = found[0];
  EXPECT_EQ(warning.id, "syn_flood:host");
  EXPECT_EQ(warning.severity, Severity::Warning);
  EXPECT_EQ(warning.evidence["syn_recv"], 3);
  EXPECT_EQ(warning.evidence["top_ports"][0]["port"], port);
  EXPECT_EQ(warning.evidence["top_ports"][0]["count"], 3);
  EXPECT_EQ(warning.evidence["top_ports"][0]["listen_backlog"], 16);
  EXPECT_EQ(warning.evidence["tcp_syncookies"], 1);  // the kernel's default
  EXPECT_TRUE(warning.evidence["tcp_max_syn_backlog"].is_number());
  EXPECT_EQ(warning.evidence["syncookies_sent_10s"], 0);
  EXPECT_EQ(warning.sockets.size(), 3u);

  for (int i = 0; i < 3; ++i) clients.push_back(half_handshake(port));
  found = harness.poll(detect_syn_flood, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].id, warning.id);
  EXPECT_EQ(found[0].severity, Severity::Critical);
  EXPECT_EQ(found[0].evidence["syn_recv"], 6);
}

TEST_F(SynFloodTest, SynCookiesWhenTheSynQueueIsFull) {
  DetectorsConfig config;  // SYN_RECV counts far above what this test makes
  Firewall fw;
  DetectHarness harness;
  UniqueFd listener = tcp_listener(Ip::V4, 2);
  const uint16_t port = local_port(listener);
  fw.drop_tcp_acks_to(port);
  EXPECT_TRUE(harness.poll(detect_syn_flood, config).empty());

  std::vector<UniqueFd> clients;
  for (int i = 0; i < 10; ++i) clients.push_back(half_handshake(port));
  auto found =
      harness.poll_until(detect_syn_flood, config, "syn_flood", std::chrono::milliseconds(3000));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->severity, Severity::Warning);
  EXPECT_GE(found->evidence["syncookies_sent_10s"].get<int64_t>(), 1);
  EXPECT_GT(found->evidence["syncookies_per_s"].get<double>(), 0.0);
  // Cookies keep no request socket: far fewer SYN_RECV than connects.
  EXPECT_LT(found->evidence["syn_recv"].get<int64_t>(), 10);
}

}  // namespace
}  // namespace sockscope::testing

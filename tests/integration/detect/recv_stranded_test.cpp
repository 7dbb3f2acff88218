// recv_stranded against the real kernel: bytes that arrived and that this
// process never reads, over several polls; reading them ends the finding.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "../states/socket_scenarios.h"
#include "detect/detector_fns.h"
#include "detect_harness.h"
#include "netns_fixture.h"
#include "queue_scenarios.h"

namespace {

using namespace sockscope;
using namespace sockscope::testing;
using namespace std::chrono_literals;

class RecvStrandedTest : public NetnsTest {};

constexpr double kInterval = 0.1;
constexpr int64_t kMinPolls = 4;

DetectorsConfig fast_config() {
  DetectorsConfig config;
  config.recv_stranded.min_polls = kMinPolls;
  return config;
}

std::string pid_id() { return "recv_stranded:pid=" + std::to_string(::getpid()); }

TEST_F(RecvStrandedTest, BytesNobodyReadsAreRaisedAfterMinPollsAndClearWhenRead) {
  DetectHarness harness(kInterval);
  const DetectorsConfig config = fast_config();
  TcpConn c = established(Ip::V4);
  write_bytes(c.client, 1000);
  ASSERT_TRUE(wait_until([&] { return unread_bytes(c.server) == 1000; }));

  // The first poll only starts the clock: the tracker sees the socket for the first time.
  const auto first = harness.poll(detect_recv_stranded, config);
  EXPECT_TRUE(first.empty()) << describe(first);

  auto found = harness.poll_until(detect_recv_stranded, config, "recv_stranded", 3000ms, pid_id());
  ASSERT_TRUE(found) << describe(harness.poll(detect_recv_stranded, config));
  EXPECT_EQ(found->severity, Severity::Warning);
  EXPECT_EQ(found->evidence.at("pid"), ::getpid());
  EXPECT_EQ(found->evidence.at("sockets"), 1);
  EXPECT_EQ(found->evidence.at("queue_bytes"), 1000);
  // Raised no earlier than min_polls intervals of standing still.
  EXPECT_GE(found->evidence.at("oldest_unchanged_s").get<double>(), kMinPolls * kInterval * 0.95);
  const auto& stranded = found->evidence.at("stranded").at(0);
  EXPECT_EQ(stranded.at("proto"), "tcp");
  EXPECT_EQ(stranded.at("local"), "127.0.0.1:" + std::to_string(c.server_port));
  EXPECT_EQ(stranded.at("peer"), "127.0.0.1:" + std::to_string(c.client_port));
  EXPECT_EQ(stranded.at("state"), "ESTABLISHED");
  EXPECT_GT(stranded.at("rcvbuf").get<int64_t>(), 0);
  EXPECT_EQ(found->sockets, std::vector<uint64_t>{socket_cookie(c.server)});

  std::vector<char> buffer(1000);
  ASSERT_EQ(::recv(c.server.get(), buffer.data(), buffer.size(), MSG_WAITALL), 1000);
  const auto cleared = harness.poll(detect_recv_stranded, config);
  EXPECT_TRUE(cleared.empty()) << describe(cleared);
}

TEST_F(RecvStrandedTest, UnreadDatagramsCount) {
  DetectHarness harness(kInterval);
  const DetectorsConfig config = fast_config();
  UdpPair p = udp_pair(Ip::V6);
  udp_send_to(p.a, Ip::V6, p.b_port, 200);
  ASSERT_TRUE(wait_until([&] { return unread_bytes(p.b) == 200; }));

  auto found = harness.poll_until(detect_recv_stranded, config, "recv_stranded", 3000ms, pid_id());
  ASSERT_TRUE(found) << describe(harness.poll(detect_recv_stranded, config));
  const auto& stranded = found->evidence.at("stranded").at(0);
  EXPECT_EQ(stranded.at("proto"), "udp");
  EXPECT_EQ(stranded.at("local"), "[::1]:" + std::to_string(p.b_port));
  EXPECT_EQ(stranded.at("state"), "unconnected");
  // UDP's Recv-Q is the memory the datagram takes, overhead included.
  EXPECT_GE(stranded.at("queue_bytes").get<int64_t>(), 200);
  EXPECT_EQ(found->sockets, std::vector<uint64_t>{socket_cookie(p.b)});
}

TEST_F(RecvStrandedTest, QueueThatKeepsMovingIsNotStranded) {
  DetectHarness harness(kInterval);
  const DetectorsConfig config = fast_config();
  TcpConn c = established(Ip::V4);
  // More arrives every poll: the queue is never still for min_polls.
  for (int i = 0; i < 3 * kMinPolls; ++i) {
    write_bytes(c.client, 10);
    ASSERT_TRUE(wait_until([&] { return unread_bytes(c.server) == 10 * (i + 1); }));
    const auto found = harness.poll(detect_recv_stranded, config);
    EXPECT_TRUE(found.empty()) << "poll " << i << ":" << describe(found);
    std::this_thread::sleep_for(std::chrono::duration<double>(kInterval));
  }
}

}  // namespace

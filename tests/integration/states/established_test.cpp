// ESTABLISHED connections: both ends, their addresses, and their queues.
#include "collector_check.h"
#include "netns_fixture.h"
#include "socket_scenarios.h"

namespace sockscope::testing {
namespace {

class EstablishedTest : public NetnsTest {};

std::vector<Expect> pair_sockets(const TcpConn& c) {
  return {tcp(c.ip, TcpState::Listen, c.server_port, 0),
          tcp(c.ip, TcpState::Established, c.client_port, c.server_port),
          tcp(c.ip, TcpState::Established, c.server_port, c.client_port)};
}

// Unread bytes show as the reader's Recv-Q; the writer's Send-Q drains to 0
// once the reader's kernel acknowledged them.
void expect_pair_with_unread_bytes(Ip ip) {
  constexpr uint32_t kToServer = 1234;
  constexpr uint32_t kToClient = 77;
  TcpConn c = established(ip);
  write_bytes(c.client, kToServer);
  write_bytes(c.server, kToClient);

  std::vector<Expect> expected = pair_sockets(c);
  expected[1] = with_queues(expected[1], kToClient, 0);
  expected[2] = with_queues(expected[2], kToServer, 0);
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));

  for (const auto& r : seen) {
    EXPECT_EQ(format_address(r.family, r.local), loopback_text(ip)) << describe(r);
    if (r.state == TcpState::Established) {
      EXPECT_EQ(format_address(r.family, r.remote), loopback_text(ip)) << describe(r);
    }
  }
  EXPECT_EQ(find(seen, expected[1]).inode, inode_of(c.client));
  EXPECT_EQ(find(seen, expected[2]).inode, inode_of(c.server));
}

TEST_F(EstablishedTest, Ipv4PairReportsUnreadBytes) { expect_pair_with_unread_bytes(Ip::V4); }

TEST_F(EstablishedTest, Ipv6PairReportsUnreadBytes) { expect_pair_with_unread_bytes(Ip::V6); }

// With every segment to the server dropped, written bytes stay unacknowledged:
// the sender's Send-Q holds them all and its retransmit timer runs.
TEST_F(EstablishedTest, BlockedSenderKeepsItsSendQueue) {
  constexpr uint32_t kBytes = 3000;
  Firewall fw;
  TcpConn c = established(Ip::V4);
  fw.drop_tcp_to(c.server_port);
  write_bytes(c.client, kBytes);

  std::vector<Expect> expected = pair_sockets(c);
  expected[1] = with_queues(expected[1], 0, kBytes);
  expected[2] = with_queues(expected[2], 0, 0);
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));
  const SocketRecord& sender = find(seen, expected[1]);
  EXPECT_EQ(sender.timer.kind, TimerKind::Retransmit) << describe(sender);
}

}  // namespace
}  // namespace sockscope::testing

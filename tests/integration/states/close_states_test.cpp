// The closing states. Queue figures are the kernel's: a FIN occupies one
// sequence number, so an unacknowledged FIN counts 1 in Send-Q and a received
// FIN counts 1 in Recv-Q until the application reads (ss shows the same).
#include "collector_check.h"
#include "netns_fixture.h"
#include "socket_scenarios.h"

namespace sockscope::testing {
namespace {

class CloseStatesTest : public NetnsTest {};

Expect listener_of(const TcpConn& c) { return with_queues(tcp(c.ip, TcpState::Listen, c.server_port, 0), 0, 16); }

TEST_F(CloseStatesTest, FinWait1WhileTheFinIsLost) {
  Firewall fw;
  TcpConn c = fin_wait1(Ip::V4, fw);
  std::vector<Expect> expected = {
      listener_of(c),
      with_queues(tcp(c.ip, TcpState::FinWait1, c.client_port, c.server_port), 0, 1),
      with_queues(tcp(c.ip, TcpState::Established, c.server_port, c.client_port), 0, 0),
  };
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));
  const SocketRecord& closer = find(seen, expected[1]);
  EXPECT_EQ(closer.inode, inode_of(c.client));
  EXPECT_EQ(closer.timer.kind, TimerKind::Retransmit) << describe(closer);
}

void expect_fin_wait2_close_wait(Ip ip) {
  constexpr uint32_t kUnread = 100;
  TcpConn c = established(ip);
  write_bytes(c.client, kUnread);
  shutdown_write(c.client);
  wait_tcp_state(c.server, TCP_CLOSE_WAIT, "server to CLOSE_WAIT");
  std::vector<Expect> expected = {
      listener_of(c),
      with_queues(tcp(ip, TcpState::FinWait2, c.client_port, c.server_port), 0, 0),
      with_queues(tcp(ip, TcpState::CloseWait, c.server_port, c.client_port), kUnread + 1, 0),
  };
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));
  const SocketRecord& fin_wait2 = find(seen, expected[1]);
  const SocketRecord& close_wait = find(seen, expected[2]);
  EXPECT_EQ(fin_wait2.inode, inode_of(c.client));
  EXPECT_EQ(close_wait.inode, inode_of(c.server));
  // Bit 1: the client shut down sending; bit 0: the server's receive side saw the FIN.
  EXPECT_EQ(fin_wait2.shutdown, std::optional<uint8_t>(2)) << describe(fin_wait2);
  EXPECT_EQ(close_wait.shutdown, std::optional<uint8_t>(1)) << describe(close_wait);
  EXPECT_EQ(close_wait.timer.kind, TimerKind::None) << describe(close_wait);
}

TEST_F(CloseStatesTest, Ipv4FinWait2AndCloseWait) { expect_fin_wait2_close_wait(Ip::V4); }

TEST_F(CloseStatesTest, Ipv6FinWait2AndCloseWait) { expect_fin_wait2_close_wait(Ip::V6); }

// Closing the fd instead of shutting down leaves an orphaned FIN_WAIT2 that
// no process owns.
TEST_F(CloseStatesTest, OrphanedFinWait2HasNoInode) {
  TcpConn c = orphan_fin_wait2(Ip::V4);
  std::vector<Expect> expected = {
      listener_of(c),
      with_queues(tcp(c.ip, TcpState::FinWait2, c.client_port, c.server_port), 0, 0),
      with_queues(tcp(c.ip, TcpState::CloseWait, c.server_port, c.client_port), 1, 0),
  };
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));
  EXPECT_EQ(find(seen, expected[1]).inode, 0u);
}

void expect_time_wait(Ip ip) {
  TcpConn c = time_wait(ip);
  std::vector<Expect> expected = {
      listener_of(c),
      with_queues(tcp(ip, TcpState::TimeWait, c.client_port, c.server_port), 0, 0),
  };
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));
  const SocketRecord& r = find(seen, expected[1]);
  EXPECT_EQ(r.inode, 0u) << describe(r);
  EXPECT_EQ(r.uid, 0u) << describe(r);
  EXPECT_NE(r.cookie, 0u) << describe(r);
  EXPECT_EQ(r.timer.kind, TimerKind::TimeWait) << describe(r);
  // TIME_WAIT lasts a fixed 60 s; the scenario is only moments old.
  EXPECT_LE(r.timer.expires_ms, 60'000u) << describe(r);
  EXPECT_GT(r.timer.expires_ms, 50'000u) << describe(r);
  EXPECT_FALSE(r.has_tcp_info()) << describe(r);
  EXPECT_FALSE(r.mem.has_value()) << describe(r);
}

TEST_F(CloseStatesTest, Ipv4TimeWaitOnTheActiveCloser) { expect_time_wait(Ip::V4); }

TEST_F(CloseStatesTest, Ipv6TimeWaitOnTheActiveCloser) { expect_time_wait(Ip::V6); }

TEST_F(CloseStatesTest, LastAckWhileTheFinalAckIsLost) {
  Firewall fw;
  TcpConn c = last_ack(Ip::V4, fw);
  std::vector<Expect> expected = {
      listener_of(c),
      with_queues(tcp(c.ip, TcpState::LastAck, c.server_port, c.client_port), 1, 1),
      with_queues(tcp(c.ip, TcpState::TimeWait, c.client_port, c.server_port), 0, 0),
  };
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));
  EXPECT_EQ(find(seen, expected[1]).inode, inode_of(c.server));
}

void expect_closing(Ip ip) {
  Firewall fw;
  TcpConn c = closing(ip, fw);
  std::vector<Expect> expected = {
      listener_of(c),
      with_queues(tcp(c.ip, TcpState::Closing, c.server_port, c.client_port), 1, 1),
      with_queues(tcp(c.ip, TcpState::FinWait1, c.client_port, c.server_port), 0, 1),
  };
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));
  EXPECT_EQ(find(seen, expected[1]).inode, inode_of(c.server));
  EXPECT_EQ(find(seen, expected[2]).inode, inode_of(c.client));
}

TEST_F(CloseStatesTest, ClosingAfterASimultaneousClose) { expect_closing(Ip::V4); }

TEST_F(CloseStatesTest, Ipv6ClosingAfterASimultaneousClose) { expect_closing(Ip::V6); }

}  // namespace
}  // namespace sockscope::testing

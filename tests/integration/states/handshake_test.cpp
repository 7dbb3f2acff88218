// The two handshake states, held still by dropping segments with nft.
#include "collector_check.h"
#include "netns_fixture.h"
#include "socket_scenarios.h"

namespace sockscope::testing {
namespace {

class HandshakeTest : public NetnsTest {};

// The SYN occupies one sequence number, so an unanswered SYN_SENT socket
// reports Send-Q 1 (as ss does).
void expect_syn_sent(Ip ip) {
  Firewall fw;
  TcpConn c = syn_sent(ip, fw);
  std::vector<Expect> expected = {with_queues(tcp(ip, TcpState::SynSent, c.client_port, kBlackholePort), 0, 1)};
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));
  const SocketRecord& r = seen.front();
  EXPECT_EQ(r.state, TcpState::SynSent);
  EXPECT_EQ(r.inode, inode_of(c.client));
  EXPECT_EQ(format_address(r.family, r.remote), loopback_text(ip));
  EXPECT_EQ(r.timer.kind, TimerKind::Retransmit) << describe(r);
}

TEST_F(HandshakeTest, Ipv4SynSent) { expect_syn_sent(Ip::V4); }

TEST_F(HandshakeTest, Ipv6SynSent) { expect_syn_sent(Ip::V6); }

// A request socket comes back from the kernel as NEW_SYN_RECV with no owner;
// users see it as SYN_RECV. The listener's accept queue is still empty.
void expect_syn_recv(Ip ip) {
  Firewall fw;
  TcpConn c = syn_recv(ip, fw);
  std::vector<Expect> expected = {
      with_queues(tcp(ip, TcpState::Listen, c.server_port, 0), 0, 16),
      with_queues(tcp(ip, TcpState::SynRecv, c.server_port, c.client_port), 0, 0),
      tcp(ip, TcpState::Established, c.client_port, c.server_port),
  };
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));
  const SocketRecord& request = find(seen, expected[1]);
  EXPECT_EQ(tcp_state_name(request.state), "SYN_RECV");
  EXPECT_EQ(request.inode, 0u) << describe(request);
  EXPECT_NE(request.cookie, 0u) << describe(request);
}

TEST_F(HandshakeTest, Ipv4SynRecv) { expect_syn_recv(Ip::V4); }

TEST_F(HandshakeTest, Ipv6SynRecv) { expect_syn_recv(Ip::V6); }

}  // namespace
}  // namespace sockscope::testing

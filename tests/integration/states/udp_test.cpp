// UDP sockets: an unconnected socket reports CLOSE, a connected one
// ESTABLISHED. UDP queues are memory (skb truesize), not payload bytes.
#include "collector_check.h"
#include "netns_fixture.h"
#include "socket_scenarios.h"

namespace sockscope::testing {
namespace {

class UdpTest : public NetnsTest {};

void expect_udp_pair(Ip ip) {
  constexpr uint32_t kPayload = 10;
  UdpPair p = udp_pair(ip);
  write_bytes(p.a, kPayload);  // connected: lands unread on b
  std::vector<Expect> expected = {
      udp(ip, TcpState::Established, p.a_port, p.b_port),
      udp(ip, TcpState::Close, p.b_port, 0),
  };
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));
  const SocketRecord& connected = find(seen, expected[0]);
  const SocketRecord& bound = find(seen, expected[1]);
  EXPECT_EQ(connected.inode, inode_of(p.a));
  EXPECT_EQ(bound.inode, inode_of(p.b));
  EXPECT_EQ(format_address(connected.family, connected.remote), loopback_text(ip));
  EXPECT_TRUE(is_unspecified(bound.family, bound.remote)) << describe(bound);
  EXPECT_EQ(connected.recv_q, 0u) << describe(connected);
  EXPECT_FALSE(connected.has_tcp_info()) << describe(connected);

  // The datagram's arrival is asynchronous; its memory shows in the reader's Recv-Q.
  ASSERT_TRUE(wait_until([&] { return find(dumper.dump(), expected[1]).recv_q >= kPayload; }))
      << describe(dumper.dump());
}

TEST_F(UdpTest, Ipv4BoundAndConnected) { expect_udp_pair(Ip::V4); }

TEST_F(UdpTest, Ipv6BoundAndConnected) { expect_udp_pair(Ip::V6); }

}  // namespace
}  // namespace sockscope::testing

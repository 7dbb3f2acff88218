// IPv6 sockets that carry IPv4: a dual-stack listener on [::] and the
// IPv4-mapped connection it accepts. They are inet6 sockets, whatever the
// peer, so an IPv4-only dump leaves them out.
#include "collector_check.h"
#include "netns_fixture.h"
#include "socket_scenarios.h"

namespace sockscope::testing {
namespace {

class DualStackTest : public NetnsTest {};

std::vector<Expect> mapped_sockets(const TcpConn& c) {
  return {tcp(Ip::V6, TcpState::Listen, c.server_port, 0),
          tcp(Ip::V4, TcpState::Established, c.client_port, c.server_port),
          tcp(Ip::V6, TcpState::Established, c.server_port, c.client_port)};
}

TEST_F(DualStackTest, MappedConnectionIsInet6WithMappedAddresses) {
  TcpConn c = v4_mapped();
  UniqueFd udp_any = dual_stack_socket(SOCK_DGRAM);
  std::vector<Expect> expected = mapped_sockets(c);
  expected.push_back(udp(Ip::V6, TcpState::Close, local_port(udp_any), 0));
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));

  const SocketRecord& listener = find(seen, expected[0]);
  EXPECT_EQ(format_address(listener.family, listener.local), "::");
  EXPECT_TRUE(is_unspecified(listener.family, listener.local));
  const SocketRecord& client = find(seen, expected[1]);
  EXPECT_EQ(format_address(client.family, client.remote), "127.0.0.1");
  const SocketRecord& server = find(seen, expected[2]);
  EXPECT_EQ(format_address(server.family, server.local), "::ffff:127.0.0.1");
  EXPECT_EQ(format_address(server.family, server.remote), "::ffff:127.0.0.1");
  EXPECT_EQ(server.inode, inode_of(c.server));
  const SocketRecord& udp_socket = find(seen, expected[3]);
  EXPECT_EQ(format_address(udp_socket.family, udp_socket.local), "::");
}

TEST_F(DualStackTest, Ipv4OnlyDumpLeavesMappedSocketsOut) {
  TcpConn c = v4_mapped();
  CollectOptions options;
  options.ipv6 = false;
  std::vector<Expect> expected = {mapped_sockets(c)[1]};
  Dumper dumper;
  auto seen = dumper.dump_until(expected, options);
  EXPECT_TRUE(matches_exactly(seen, expected));
}

TEST_F(DualStackTest, Ipv6OnlyDumpKeepsMappedSockets) {
  TcpConn c = v4_mapped();
  CollectOptions options;
  options.ipv4 = false;
  std::vector<Expect> all = mapped_sockets(c);
  std::vector<Expect> expected = {all[0], all[2]};
  Dumper dumper;
  auto seen = dumper.dump_until(expected, options);
  EXPECT_TRUE(matches_exactly(seen, expected));
}

}  // namespace
}  // namespace sockscope::testing

// LISTEN sockets: address, backlog, and the accept queue as Recv-Q.
#include <fstream>

#include "collector_check.h"
#include "netns_fixture.h"
#include "socket_scenarios.h"

namespace sockscope::testing {
namespace {

class ListenTest : public NetnsTest {};

void expect_single_listener(Ip ip) {
  constexpr int kBacklog = 7;
  UniqueFd listener = tcp_listener(ip, kBacklog);
  uint16_t port = local_port(listener);
  Dumper dumper;
  std::vector<Expect> expected = {with_queues(tcp(ip, TcpState::Listen, port, 0), 0, kBacklog)};
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));
  const SocketRecord& r = seen.front();
  EXPECT_EQ(format_address(r.family, r.local), loopback_text(ip));
  EXPECT_TRUE(is_unspecified(r.family, r.remote)) << describe(r);
  EXPECT_EQ(r.inode, inode_of(listener));
  EXPECT_EQ(r.state, TcpState::Listen);
}

TEST_F(ListenTest, Ipv4ListenerWithBacklogAsSendQueue) { expect_single_listener(Ip::V4); }

TEST_F(ListenTest, Ipv6ListenerWithBacklogAsSendQueue) { expect_single_listener(Ip::V6); }

// Completed connections nobody accepted sit in the accept queue: the
// listener's Recv-Q counts them, each has a client and a server ESTABLISHED.
TEST_F(ListenTest, UnacceptedClientsFillTheAcceptQueue) {
  constexpr int kBacklog = 8;
  constexpr int kClients = 3;
  AcceptQueue q = accept_queue(Ip::V4, kBacklog, kClients);
  std::vector<Expect> expected = {with_queues(tcp(Ip::V4, TcpState::Listen, q.port, 0), kClients, kBacklog)};
  for (uint16_t client : q.client_ports) {
    expected.push_back(tcp(Ip::V4, TcpState::Established, client, q.port));
    expected.push_back(tcp(Ip::V4, TcpState::Established, q.port, client));
  }
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));

  // A connection still in the accept queue has no file, hence no inode yet.
  for (uint16_t client : q.client_ports) {
    EXPECT_EQ(find(seen, tcp(Ip::V4, TcpState::Established, q.port, client)).inode, 0u);
  }

  // tcp_info carries the same two numbers on a listener.
  const SocketRecord& listener = find(seen, expected.front());
  ASSERT_TRUE(listener.has_tcp_info()) << describe(listener);
  EXPECT_EQ(listener.tcp_info.unacked, static_cast<uint32_t>(kClients));
  EXPECT_EQ(listener.tcp_info.sacked, static_cast<uint32_t>(kBacklog));
}

// listen() caps the backlog at net.core.somaxconn, a per-namespace sysctl.
TEST_F(ListenTest, BacklogIsCappedBySomaxconn) {
  constexpr int kSomaxconn = 32;
  {
    std::ofstream sysctl("/proc/sys/net/core/somaxconn");
    sysctl << kSomaxconn;
    ASSERT_TRUE(sysctl.flush()) << "cannot write net.core.somaxconn in the test namespace";
  }
  UniqueFd listener = tcp_listener(Ip::V6, 1000);
  uint16_t port = local_port(listener);
  Dumper dumper;
  std::vector<Expect> expected = {with_queues(tcp(Ip::V6, TcpState::Listen, port, 0), 0, kSomaxconn)};
  auto seen = dumper.dump_until(expected);
  EXPECT_TRUE(matches_exactly(seen, expected));
}

// A TCP socket that is only bound sits in no lookup table the dump walks;
// ss -tan does not list it either (the kernel's bound-inactive sockets need
// a state bit outside the all-states mask).
TEST_F(ListenTest, BoundButNotListeningIsNotListed) {
  UniqueFd idle = new_socket(Ip::V4, SOCK_STREAM);
  bind_loopback(idle, Ip::V4);
  UniqueFd listener = tcp_listener(Ip::V4);
  std::vector<Expect> expected = {tcp(Ip::V4, TcpState::Listen, local_port(listener), 0)};
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  EXPECT_TRUE(matches_exactly(seen, expected));
}

}  // namespace
}  // namespace sockscope::testing

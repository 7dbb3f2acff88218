// The optional attributes: tcp_info (with congestion control) and socket
// memory, present when asked for and absent when not.
#include "collector_check.h"
#include "netns_fixture.h"
#include "socket_scenarios.h"

namespace sockscope::testing {
namespace {

class ExtensionsTest : public NetnsTest {};

constexpr uint32_t kBytes = 500;

// A pair where the client sent kBytes the server has not read.
struct Loaded {
  TcpConn conn;
  UdpPair udp_sockets;
  std::vector<Expect> expected;
};

Loaded loaded_pair() {
  Loaded l{established(Ip::V4), udp_pair(Ip::V4), {}};
  write_bytes(l.conn.client, kBytes);
  l.expected = {
      tcp(Ip::V4, TcpState::Listen, l.conn.server_port, 0),
      with_queues(tcp(Ip::V4, TcpState::Established, l.conn.client_port, l.conn.server_port), 0, 0),
      with_queues(tcp(Ip::V4, TcpState::Established, l.conn.server_port, l.conn.client_port), kBytes, 0),
      udp(Ip::V4, TcpState::Established, l.udp_sockets.a_port, l.udp_sockets.b_port),
      udp(Ip::V4, TcpState::Close, l.udp_sockets.b_port, 0),
  };
  return l;
}

TEST_F(ExtensionsTest, TcpInfoOnEstablishedSockets) {
  Loaded l = loaded_pair();
  Dumper dumper;
  auto seen = dumper.dump_until(l.expected);
  ASSERT_TRUE(matches_exactly(seen, l.expected));
  const SocketRecord& client = find(seen, l.expected[1]);
  const SocketRecord& server = find(seen, l.expected[2]);
  for (const SocketRecord* r : {&client, &server}) {
    ASSERT_TRUE(r->has_tcp_info()) << describe(*r);
    EXPECT_EQ(r->tcp_info.state, static_cast<uint8_t>(TcpState::Established)) << describe(*r);
    EXPECT_GT(r->tcp_info.snd_mss, 0u) << describe(*r);
    EXPECT_GT(r->tcp_info.rto, 0u) << describe(*r);
    EXPECT_FALSE(r->congestion_name().empty()) << describe(*r);
  }
  // Byte counters sit deep in the struct: a layout slip would show here.
  EXPECT_EQ(client.tcp_info.bytes_sent, kBytes);
  EXPECT_EQ(server.tcp_info.bytes_received, kBytes);
  EXPECT_FALSE(find(seen, l.expected[3]).has_tcp_info());
}

TEST_F(ExtensionsTest, NoTcpInfoWhenNotAsked) {
  Loaded l = loaded_pair();
  CollectOptions options;
  options.tcp_info = false;
  Dumper dumper;
  auto seen = dumper.dump_until(l.expected, options);
  ASSERT_TRUE(matches_exactly(seen, l.expected));
  for (const auto& r : seen) {
    EXPECT_EQ(r.tcp_info_len, 0u) << describe(r);
    EXPECT_TRUE(r.congestion_name().empty()) << describe(r);
  }
}

TEST_F(ExtensionsTest, MemoryWhenAsked) {
  Loaded l = loaded_pair();
  Dumper dumper;
  auto seen = dumper.dump_until(l.expected);
  ASSERT_TRUE(matches_exactly(seen, l.expected));
  for (const auto& r : seen) {
    ASSERT_TRUE(r.mem.has_value()) << describe(r);
    EXPECT_GT(r.mem->rcvbuf, 0u) << describe(r);
    EXPECT_GT(r.mem->sndbuf, 0u) << describe(r);
  }
  // The server's unread bytes occupy receive memory.
  EXPECT_GE(find(seen, l.expected[2]).mem->rmem_alloc, kBytes);
}

TEST_F(ExtensionsTest, NoMemoryWhenNotAsked) {
  Loaded l = loaded_pair();
  CollectOptions options;
  options.mem = false;
  Dumper dumper;
  auto seen = dumper.dump_until(l.expected, options);
  ASSERT_TRUE(matches_exactly(seen, l.expected));
  for (const auto& r : seen) EXPECT_FALSE(r.mem.has_value()) << describe(r);
}

}  // namespace
}  // namespace sockscope::testing

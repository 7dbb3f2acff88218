// A dump far larger than one netlink read: every socket must still come back
// exactly once, with no record lost or repeated across read boundaries.
#include "collector_check.h"
#include "netns_fixture.h"
#include "socket_scenarios.h"

namespace sockscope::testing {
namespace {

class LargeDumpTest : public NetnsTest {};

// About 2,000 sockets: hundreds of kilobytes of dump with tcp_info and mem.
TEST_F(LargeDumpTest, EverySocketExactlyOnce) {
  Bulk b = bulk(600, 120);
  std::vector<Expect> expected;
  for (const BoundUdp& u : b.udp) expected.push_back(udp(u.ip, TcpState::Close, u.port, 0));
  for (const TcpConn& c : b.conns) {
    expected.push_back(tcp(c.ip, TcpState::Listen, c.server_port, 0));
    expected.push_back(tcp(c.ip, TcpState::Established, c.client_port, c.server_port));
    expected.push_back(tcp(c.ip, TcpState::Established, c.server_port, c.client_port));
  }
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));
  EXPECT_EQ(dumper.stats().duplicates, 0u);
}

}  // namespace
}  // namespace sockscope::testing

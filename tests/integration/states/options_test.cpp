// CollectOptions narrow the dump: by state mask, protocol and family.
#include "collector_check.h"
#include "netns_fixture.h"
#include "socket_scenarios.h"

namespace sockscope::testing {
namespace {

class OptionsTest : public NetnsTest {};

// TCP and UDP, IPv4 and IPv6, in several states.
struct Mixed {
  TcpConn v4 = fin_wait2_close_wait(Ip::V4);
  TcpConn v6 = established(Ip::V6);
  UdpPair udp4 = udp_pair(Ip::V4);
  UdpPair udp6 = udp_pair(Ip::V6);

  std::vector<Expect> tcp4() const {
    return {tcp(Ip::V4, TcpState::Listen, v4.server_port, 0),
            tcp(Ip::V4, TcpState::FinWait2, v4.client_port, v4.server_port),
            tcp(Ip::V4, TcpState::CloseWait, v4.server_port, v4.client_port)};
  }
  std::vector<Expect> tcp6() const {
    return {tcp(Ip::V6, TcpState::Listen, v6.server_port, 0),
            tcp(Ip::V6, TcpState::Established, v6.client_port, v6.server_port),
            tcp(Ip::V6, TcpState::Established, v6.server_port, v6.client_port)};
  }
  std::vector<Expect> udp4_sockets() const {
    return {udp(Ip::V4, TcpState::Established, udp4.a_port, udp4.b_port), udp(Ip::V4, TcpState::Close, udp4.b_port, 0)};
  }
  std::vector<Expect> udp6_sockets() const {
    return {udp(Ip::V6, TcpState::Established, udp6.a_port, udp6.b_port), udp(Ip::V6, TcpState::Close, udp6.b_port, 0)};
  }
};

std::vector<Expect> join(std::initializer_list<std::vector<Expect>> parts) {
  std::vector<Expect> all;
  for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
  return all;
}

void expect_dump(const std::vector<Expect>& expected, const CollectOptions& options) {
  Dumper dumper;
  auto seen = dumper.dump_until(expected, options);
  EXPECT_TRUE(matches_exactly(seen, expected));
}

TEST_F(OptionsTest, EverythingByDefault) {
  Mixed m;
  Dumper dumper;
  auto expected = join({m.tcp4(), m.tcp6(), m.udp4_sockets(), m.udp6_sockets()});
  auto seen = dumper.dump_until(expected);
  EXPECT_TRUE(matches_exactly(seen, expected));
  EXPECT_TRUE(dumper.stats().tcp_available);
  EXPECT_TRUE(dumper.stats().udp_available);
  EXPECT_EQ(dumper.stats().duplicates, 0u);
}

TEST_F(OptionsTest, StateMaskSelectsCloseWaitOnly) {
  Mixed m;
  CollectOptions options;
  options.states = state_bit(TcpState::CloseWait);
  // UDP's unconnected and connected sockets are CLOSE and ESTABLISHED: both filtered out.
  expect_dump({tcp(Ip::V4, TcpState::CloseWait, m.v4.server_port, m.v4.client_port)}, options);
}

TEST_F(OptionsTest, StateMaskWithSeveralStates) {
  Mixed m;
  CollectOptions options;
  options.states = state_bit(TcpState::Listen) | state_bit(TcpState::FinWait2);
  expect_dump({tcp(Ip::V4, TcpState::Listen, m.v4.server_port, 0),
               tcp(Ip::V4, TcpState::FinWait2, m.v4.client_port, m.v4.server_port),
               tcp(Ip::V6, TcpState::Listen, m.v6.server_port, 0)},
              options);
}

TEST_F(OptionsTest, WithoutTcp) {
  Mixed m;
  CollectOptions options;
  options.tcp = false;
  expect_dump(join({m.udp4_sockets(), m.udp6_sockets()}), options);
}

TEST_F(OptionsTest, WithoutUdp) {
  Mixed m;
  CollectOptions options;
  options.udp = false;
  expect_dump(join({m.tcp4(), m.tcp6()}), options);
}

TEST_F(OptionsTest, WithoutIpv6) {
  Mixed m;
  CollectOptions options;
  options.ipv6 = false;
  expect_dump(join({m.tcp4(), m.udp4_sockets()}), options);
}

TEST_F(OptionsTest, WithoutIpv4) {
  Mixed m;
  CollectOptions options;
  options.ipv4 = false;
  expect_dump(join({m.tcp6(), m.udp6_sockets()}), options);
}

}  // namespace
}  // namespace sockscope::testing

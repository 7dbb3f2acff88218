#include "model/tcp_state.h"

#include <gtest/gtest.h>

#include "model/endpoint.h"

namespace sockscope {
namespace {

TEST(TcpState, NamesMatchTheKernel) {
  EXPECT_EQ(tcp_state_name(TcpState::CloseWait), "CLOSE_WAIT");
  EXPECT_EQ(tcp_state_name(TcpState::NewSynRecv), "SYN_RECV");
  EXPECT_EQ(tcp_state_name(static_cast<TcpState>(200)), "UNKNOWN");
}

TEST(TcpState, ParsesCliAndKernelSpellings) {
  EXPECT_EQ(parse_tcp_state("close-wait"), TcpState::CloseWait);
  EXPECT_EQ(parse_tcp_state("TIME_WAIT"), TcpState::TimeWait);
  EXPECT_EQ(parse_tcp_state("estab"), TcpState::Established);
  EXPECT_EQ(parse_tcp_state("syn-recv"), TcpState::SynRecv);
  EXPECT_FALSE(parse_tcp_state("close-wiat").has_value());
  EXPECT_FALSE(parse_tcp_state("").has_value());
}

TEST(Endpoint, FormatsBothFamilies) {
  Endpoint v4;
  v4.addr[0] = 127;
  v4.addr[3] = 1;
  v4.port = 80;
  EXPECT_EQ(format_endpoint(Family::Inet, v4), "127.0.0.1:80");
  Endpoint v6;
  v6.addr[15] = 1;
  v6.port = 443;
  EXPECT_EQ(format_endpoint(Family::Inet6, v6), "[::1]:443");
  EXPECT_TRUE(is_unspecified(Family::Inet6, Endpoint{}));
  EXPECT_FALSE(is_unspecified(Family::Inet6, v6));
}

}  // namespace
}  // namespace sockscope

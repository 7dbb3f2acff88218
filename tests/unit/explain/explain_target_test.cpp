// Parsing what `explain` is asked about, and picking the matching records.
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "../synthetic.h"
#include "explain/explain_target.h"

namespace sockscope {
namespace {

TargetArgs pair(std::string local, std::string peer) {
  TargetArgs args;
  args.endpoints = {std::move(local), std::move(peer)};
  return args;
}

std::string error_of(const TargetArgs& args) {
  auto parsed = parse_target(args);
  EXPECT_FALSE(parsed.ok());
  return parsed.ok() ? std::string() : parsed.error().message;
}

SocketTarget socket_target(const TargetArgs& args) {
  auto parsed = parse_target(args);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  if (!parsed.ok() || !std::holds_alternative<SocketTarget>(*parsed)) return {};
  return std::get<SocketTarget>(*parsed);
}

TEST(EndpointPattern, Forms) {
  auto v4 = parse_endpoint_pattern("10.0.0.1:80");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->port, std::optional<uint16_t>(80));
  ASSERT_TRUE(v4->address.has_value());
  EXPECT_EQ(v4->address->family, Family::Inet);
  EXPECT_EQ(v4->address->bits, 32);

  auto v6 = parse_endpoint_pattern("[::1]:443");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->address->family, Family::Inet6);
  EXPECT_EQ(v6->address->bits, 128);

  auto any_port = parse_endpoint_pattern("0.0.0.0:*");
  ASSERT_TRUE(any_port.ok());
  EXPECT_FALSE(any_port->port.has_value());
  auto any_address = parse_endpoint_pattern("*:53");
  ASSERT_TRUE(any_address.ok());
  EXPECT_FALSE(any_address->address.has_value());
}

struct BadEndpoint {
  const char* text;
  const char* named;  // what the message must contain
};

class BadEndpoints : public ::testing::TestWithParam<BadEndpoint> {};

TEST_P(BadEndpoints, ErrorNamesTheValue) {
  auto parsed = parse_endpoint_pattern(GetParam().text);
  ASSERT_FALSE(parsed.ok()) << GetParam().text;
  EXPECT_NE(parsed.error().message.find(GetParam().named), std::string::npos) << parsed.error().message;
}

INSTANTIATE_TEST_SUITE_P(Cases, BadEndpoints,
                         ::testing::Values(BadEndpoint{"10.0.0.300:80", "10.0.0.300"},
                                           BadEndpoint{"10.0.0.1:65536", "65536"},
                                           BadEndpoint{"10.0.0.1:http", "http"},
                                           BadEndpoint{"10.0.0.1", "ADDRESS:PORT"},
                                           BadEndpoint{"::1:80", "brackets"},
                                           BadEndpoint{"[::1]80", "[::1]80"},
                                           BadEndpoint{"[::1:80", "]"},
                                           BadEndpoint{"[10.0.0.1]:80", "IPv6"},
                                           BadEndpoint{"10.0.0.0/8:80", "prefix"},
                                           BadEndpoint{":80", "missing"},
                                           BadEndpoint{"10.0.0.1:", "10.0.0.1:"}));

TEST(ParseTarget, LocalPeerPair) {
  SocketTarget t = socket_target(pair("127.0.0.1:8080", "127.0.0.1:50000"));
  ASSERT_TRUE(t.local && t.peer);
  EXPECT_EQ(t.local->port, std::optional<uint16_t>(8080));
  EXPECT_EQ(t.peer->port, std::optional<uint16_t>(50000));
  EXPECT_EQ(t.description, "127.0.0.1:8080 127.0.0.1:50000");
}

TEST(ParseTarget, PairNarrowedByFilterWords) {
  TargetArgs args = pair("[::1]:53", "[::1]:*");
  args.filter.udp = true;
  SocketTarget t = socket_target(args);
  EXPECT_FALSE(t.filter.tcp);
  EXPECT_TRUE(t.filter.udp);
  EXPECT_EQ(t.description, "[::1]:53 [::1]:* --udp");
}

TEST(ParseTarget, CookieDecimalOrHex) {
  TargetArgs args;
  args.cookie = "4096";
  EXPECT_EQ(socket_target(args).cookie, std::optional<uint64_t>(4096));
  args.cookie = "0x1000";
  EXPECT_EQ(socket_target(args).cookie, std::optional<uint64_t>(4096));
}

TEST(ParseTarget, Inode) {
  TargetArgs args;
  args.inode = "123456";
  SocketTarget t = socket_target(args);
  EXPECT_EQ(t.inode, std::optional<uint64_t>(123456));
  EXPECT_EQ(t.description, "--inode 123456");
}

TEST(ParseTarget, StateAloneIsAStateInGeneral) {
  TargetArgs args;
  args.filter.states = {"close-wait"};
  auto parsed = parse_target(args);
  ASSERT_TRUE(parsed.ok());
  ASSERT_TRUE(std::holds_alternative<StateTarget>(*parsed));
  EXPECT_EQ(std::get<StateTarget>(*parsed).proto, Proto::Tcp);
  EXPECT_EQ(std::get<StateTarget>(*parsed).state, TcpState::CloseWait);

  args.filter.states = {"UDP"};
  parsed = parse_target(args);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(std::get<StateTarget>(*parsed).proto, Proto::Udp);
}

TEST(ParseTarget, StateWithFilterWordsPicksSockets) {
  TargetArgs args;
  args.filter.states = {"listen"};
  args.filter.sport = "8080";
  SocketTarget t = socket_target(args);
  EXPECT_EQ(t.filter.states, state_bit(TcpState::Listen));
  EXPECT_EQ(t.filter.sport, std::optional<uint16_t>(8080));
}

struct BadTarget {
  const char* label;
  TargetArgs args;
  const char* named;
};

std::vector<BadTarget> bad_targets() {
  auto with = [](auto edit) {
    TargetArgs args;
    edit(args);
    return args;
  };
  return {
      {"bad_local_address", pair("10.0.0.256:80", "10.0.0.2:80"), "10.0.0.256"},
      {"bad_peer_port", pair("10.0.0.1:80", "10.0.0.2:99999"), "99999"},
      {"peer_is_named", pair("10.0.0.1:80", "nowhere"), "PEER"},
      {"cookie_abc", with([](TargetArgs& a) { a.cookie = "abc"; }), "'abc'"},
      {"cookie_zero", with([](TargetArgs& a) { a.cookie = "0"; }), "'0'"},
      {"cookie_negative", with([](TargetArgs& a) { a.cookie = "-5"; }), "'-5'"},
      {"inode_hex", with([](TargetArgs& a) { a.inode = "0x10"; }), "'0x10'"},
      {"inode_zero", with([](TargetArgs& a) { a.inode = "0"; }), "--cookie"},
      {"cookie_and_inode", with([](TargetArgs& a) { a.cookie = "1"; a.inode = "2"; }), "--cookie and --inode"},
      {"cookie_and_pair",
       with([](TargetArgs& a) {
         a.cookie = "1";
         a.endpoints = {"10.0.0.1:80", "10.0.0.2:80"};
       }),
       "10.0.0.1:80"},
      {"inode_and_filter", with([](TargetArgs& a) { a.inode = "7"; a.filter.sport = "80"; }), "--sport 80"},
      {"one_address", with([](TargetArgs& a) { a.endpoints = {"10.0.0.1:80"}; }), "'10.0.0.1:80'"},
      {"three_addresses", with([](TargetArgs& a) { a.endpoints = {"10.0.0.1:80", "10.0.0.2:80", "extra"}; }),
       "'extra'"},
      {"nothing", TargetArgs{}, "nothing to explain"},
      {"unknown_state", with([](TargetArgs& a) { a.filter.states = {"half-open"}; }), "'half-open'"},
      {"group_as_state", with([](TargetArgs& a) { a.filter.states = {"connected"}; }), "'connected'"},
      {"two_states_alone", with([](TargetArgs& a) { a.filter.states = {"listen", "time-wait"}; }), "'time-wait'"},
      {"bad_filter_word", with([](TargetArgs& a) { a.filter.sport = "http"; }), "http"},
  };
}

class BadTargets : public ::testing::TestWithParam<BadTarget> {};

TEST_P(BadTargets, ErrorNamesTheValue) {
  std::string message = error_of(GetParam().args);
  EXPECT_NE(message.find(GetParam().named), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(Cases, BadTargets, ::testing::ValuesIn(bad_targets()),
                         [](const auto& info) { return std::string(info.param.label); });

class SelectTargets : public ::testing::Test {
 protected:
  void SetUp() override {
    add(Proto::Tcp, TcpState::Listen, "0.0.0.0", 80, "0.0.0.0", 0, 1, 101);
    add(Proto::Tcp, TcpState::Established, "10.0.0.1", 80, "10.0.0.2", 5000, 2, 102);
    add(Proto::Tcp, TcpState::TimeWait, "10.0.0.1", 80, "10.0.0.3", 5001, 3, 0);
    add(Proto::Tcp, TcpState::CloseWait, "::ffff:10.0.0.1", 8443, "::ffff:10.0.0.9", 6000, 4, 104);
    add(Proto::Udp, TcpState::Close, "0.0.0.0", 80, "0.0.0.0", 0, 5, 105);
  }

  void add(Proto proto, TcpState state, const char* local, uint16_t lport, const char* remote, uint16_t rport,
           uint64_t cookie, uint64_t inode) {
    sockets.push_back(test::record(proto, state, local, lport, remote, rport, inode));
    sockets.back().cookie = cookie;
  }

  std::vector<uint64_t> cookies(const TargetArgs& args) {
    std::vector<uint64_t> out;
    for (const SocketRecord* s : select_targets(sockets, socket_target(args), processes)) out.push_back(s->cookie);
    return out;
  }

  std::vector<SocketRecord> sockets;
  ProcessIndex processes;
};

TEST_F(SelectTargets, ByPair) {
  EXPECT_EQ(cookies(pair("10.0.0.1:80", "10.0.0.2:5000")), std::vector<uint64_t>{2});
  EXPECT_EQ(cookies(pair("10.0.0.1:80", "10.0.0.2:5001")), std::vector<uint64_t>{});
}

TEST_F(SelectTargets, Ipv4MatchesMappedAddresses) {
  EXPECT_EQ(cookies(pair("10.0.0.1:8443", "10.0.0.9:6000")), std::vector<uint64_t>{4});
}

TEST_F(SelectTargets, StarsMatchAnything) {
  EXPECT_EQ(cookies(pair("0.0.0.0:80", "0.0.0.0:*")), (std::vector<uint64_t>{1, 5}));
  TargetArgs tcp_only = pair("*:80", "*:*");
  tcp_only.filter.tcp = true;
  EXPECT_EQ(cookies(tcp_only), (std::vector<uint64_t>{1, 2, 3}));
}

TEST_F(SelectTargets, ByCookieAndInode) {
  TargetArgs by_cookie;
  by_cookie.cookie = "3";
  EXPECT_EQ(cookies(by_cookie), std::vector<uint64_t>{3});
  TargetArgs by_inode;
  by_inode.inode = "104";
  EXPECT_EQ(cookies(by_inode), std::vector<uint64_t>{4});
}

TEST_F(SelectTargets, ByFilterWords) {
  TargetArgs args;
  args.filter.states = {"time-wait"};
  args.filter.sport = "80";
  EXPECT_EQ(cookies(args), std::vector<uint64_t>{3});
  TargetArgs several;
  several.filter.sport = "80";
  EXPECT_EQ(cookies(several), (std::vector<uint64_t>{1, 2, 3, 5}));
}

}  // namespace
}  // namespace sockscope

#include "filter/socket_filter.h"

#include <gtest/gtest.h>

#include "filter/state_selector.h"
#include "../synthetic.h"

namespace sockscope {
namespace {

using test::owners_index;
using test::record;

SocketFilter filter_of(const FilterArgs& args) {
  auto parsed = parse_filter(args);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? *parsed : SocketFilter{};
}

class SocketFilterTest : public ::testing::Test {
 protected:
  bool match(const FilterArgs& args, const SocketRecord& s) { return matches(filter_of(args), s, processes); }

  ProcessIndex processes;
  SocketRecord web = record(Proto::Tcp, TcpState::Established, "10.0.0.1", 80, "192.168.1.7", 50000, 111);
  SocketRecord listener = record(Proto::Tcp, TcpState::Listen, "0.0.0.0", 80, "0.0.0.0", 0, 112);
  SocketRecord mapped = record(Proto::Tcp, TcpState::CloseWait, "::ffff:10.0.0.1", 8080, "::ffff:192.168.1.9", 40000, 113);
  SocketRecord v6 = record(Proto::Tcp, TcpState::TimeWait, "2001:db8::1", 443, "2001:db8::2", 51000);
  SocketRecord dns = record(Proto::Udp, TcpState::Close, "127.0.0.53", 53, "0.0.0.0", 0, 114);
  SocketRecord udp_conn = record(Proto::Udp, TcpState::Established, "10.0.0.1", 40001, "10.0.0.53", 53, 115);
  SocketRecord request = record(Proto::Tcp, TcpState::NewSynRecv, "10.0.0.1", 80, "192.168.1.8", 50001);

  void SetUp() override {
    processes = owners_index({{111, {{10, "nginx", 3}, {11, "nginx", 3}}},
                              {112, {{10, "nginx", 4}}},
                              {113, {{20, "java", 7}}},
                              {114, {{30, "systemd-resolve", 13}}}});
  }
};

TEST_F(SocketFilterTest, EmptyFilterMatchesEverything) {
  FilterArgs none;
  for (const auto* s : {&web, &listener, &mapped, &v6, &dns, &udp_conn, &request}) EXPECT_TRUE(match(none, *s));
  EXPECT_FALSE(filter_of(none).needs_processes());
}

TEST_F(SocketFilterTest, States) {
  FilterArgs args;
  args.states = {"established"};
  EXPECT_TRUE(match(args, web));
  EXPECT_TRUE(match(args, udp_conn));  // a connected UDP socket is ESTABLISHED too
  EXPECT_FALSE(match(args, listener));
  args.states = {"listen", "close-wait"};
  EXPECT_TRUE(match(args, listener));
  EXPECT_TRUE(match(args, mapped));
  EXPECT_FALSE(match(args, web));
  args.states = {"syn-recv"};
  EXPECT_TRUE(match(args, request));  // request sockets count as SYN_RECV
  args.states = {"connected"};
  EXPECT_FALSE(match(args, dns));
  EXPECT_FALSE(match(args, listener));
  EXPECT_TRUE(match(args, v6));
  args.states = {"close"};
  EXPECT_TRUE(match(args, dns));
}

TEST_F(SocketFilterTest, ProtocolsAndFamilies) {
  FilterArgs args;
  args.udp = true;
  EXPECT_TRUE(match(args, dns));
  EXPECT_FALSE(match(args, web));
  args.tcp = true;  // both given = both
  EXPECT_TRUE(match(args, web));
  FilterArgs six;
  six.ipv6 = true;
  EXPECT_TRUE(match(six, v6));
  EXPECT_TRUE(match(six, mapped));
  EXPECT_FALSE(match(six, web));
  FilterArgs four;
  four.ipv4 = true;
  EXPECT_FALSE(match(four, mapped));
  EXPECT_TRUE(match(four, dns));
}

TEST_F(SocketFilterTest, Ports) {
  FilterArgs args;
  args.sport = "80";
  EXPECT_TRUE(match(args, web));
  EXPECT_TRUE(match(args, listener));
  EXPECT_FALSE(match(args, udp_conn));
  args = {};
  args.dport = "53";
  EXPECT_TRUE(match(args, udp_conn));
  EXPECT_FALSE(match(args, dns));  // 53 is dns's local port, not its peer's
  args.dport = "0";
  EXPECT_TRUE(match(args, dns));
}

TEST_F(SocketFilterTest, Addresses) {
  FilterArgs args;
  args.src = "10.0.0.0/24";
  EXPECT_TRUE(match(args, web));
  EXPECT_TRUE(match(args, mapped));  // ::ffff:10.0.0.1
  EXPECT_FALSE(match(args, v6));
  EXPECT_FALSE(match(args, dns));
  args = {};
  args.dst = "192.168.1.0/24";
  EXPECT_TRUE(match(args, web));
  EXPECT_TRUE(match(args, mapped));
  EXPECT_FALSE(match(args, udp_conn));
  args.dst = "2001:db8::/32";
  EXPECT_TRUE(match(args, v6));
  EXPECT_FALSE(match(args, web));
}

TEST_F(SocketFilterTest, Processes) {
  FilterArgs args;
  args.process = "nginx";
  EXPECT_TRUE(filter_of(args).needs_processes());
  EXPECT_TRUE(match(args, web));
  EXPECT_TRUE(match(args, listener));
  EXPECT_FALSE(match(args, mapped));
  EXPECT_FALSE(match(args, v6));  // inode 0: no owner
  args.process = "11";
  EXPECT_TRUE(match(args, web));  // second owner
  EXPECT_FALSE(match(args, listener));
  args.process = "systemd-resolved";  // cut to comm's 15 bytes
  EXPECT_TRUE(match(args, dns));
}

TEST_F(SocketFilterTest, ConditionsAreAnded) {
  FilterArgs args;
  args.states = {"established"};
  args.sport = "80";
  args.process = "nginx";
  args.ipv4 = true;
  args.tcp = true;
  EXPECT_TRUE(match(args, web));
  args.dport = "1";
  EXPECT_FALSE(match(args, web));
}

TEST_F(SocketFilterTest, KernelPartOfTheFilter) {
  FilterArgs args;
  args.states = {"time-wait", "close-wait"};
  args.tcp = true;
  args.ipv6 = true;
  auto f = filter_of(args);
  EXPECT_EQ(f.states, state_bit(TcpState::TimeWait) | state_bit(TcpState::CloseWait));
  EXPECT_TRUE(f.tcp);
  EXPECT_FALSE(f.udp);
  EXPECT_FALSE(f.ipv4);
  EXPECT_TRUE(f.ipv6);
}

TEST_F(SocketFilterTest, FirstBadValueIsReported) {
  FilterArgs args;
  args.sport = "80";
  args.dport = "99999";
  args.src = "10.0.0.0/33";
  auto parsed = parse_filter(args);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "port '99999' out of range (expected 0-65535)");
  args.dport.reset();
  EXPECT_EQ(parse_filter(args).error().message, "bad prefix length '33' in '10.0.0.0/33' (expected 0-32 for IPv4)");
  args.src.reset();
  args.dst = "nonsense";
  EXPECT_EQ(parse_filter(args).error().message,
            "bad address 'nonsense' (expected IPv4 or IPv6, optionally /PREFIX)");
  args.dst.reset();
  args.states = {"listen", "bogus"};
  EXPECT_EQ(parse_filter(args).error().message.substr(0, 22), "unknown state 'bogus' ");
}

TEST_F(SocketFilterTest, SelectKeepsOrder) {
  std::vector<SocketRecord> all = {web, listener, mapped, v6, dns, udp_conn, request};
  FilterArgs args;
  args.sport = "80";
  auto selected = select_sockets(all, filter_of(args), processes);
  ASSERT_EQ(selected.size(), 3u);
  EXPECT_EQ(selected[0], &all[0]);
  EXPECT_EQ(selected[1], &all[1]);
  EXPECT_EQ(selected[2], &all[6]);
}

TEST_F(SocketFilterTest, OutOfRangeStateNeverMatches) {
  SocketRecord odd = web;
  odd.state = static_cast<TcpState>(40);
  EXPECT_FALSE(match(FilterArgs{}, odd));
}

}  // namespace
}  // namespace sockscope

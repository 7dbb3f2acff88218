#include "filter/address_prefix.h"

#include <gtest/gtest.h>

#include "../synthetic.h"

namespace sockscope {
namespace {

using test::endpoint;

AddressPrefix prefix_of(std::string_view text) {
  auto parsed = parse_address_prefix(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? *parsed : AddressPrefix{};
}

std::string error_of(std::string_view text) {
  auto parsed = parse_address_prefix(text);
  EXPECT_FALSE(parsed.ok()) << text;
  return parsed.ok() ? "" : parsed.error().message;
}

TEST(AddressPrefix, ParsesBothFamilies) {
  auto v4 = prefix_of("10.1.2.3");
  EXPECT_EQ(v4.family, Family::Inet);
  EXPECT_EQ(v4.bits, 32);
  EXPECT_EQ(v4.addr[0], 10);
  EXPECT_EQ(v4.addr[3], 3);
  auto v6 = prefix_of("::1");
  EXPECT_EQ(v6.family, Family::Inet6);
  EXPECT_EQ(v6.bits, 128);
  EXPECT_EQ(v6.addr[15], 1);
  EXPECT_EQ(prefix_of("[::1]"), v6);
  EXPECT_EQ(prefix_of("[fe80::]/10").bits, 10);
}

TEST(AddressPrefix, PrefixLengthEdges) {
  EXPECT_EQ(prefix_of("0.0.0.0/0").bits, 0);
  EXPECT_EQ(prefix_of("10.0.0.0/8").bits, 8);
  EXPECT_EQ(prefix_of("10.0.0.1/32").bits, 32);
  EXPECT_EQ(prefix_of("::/0").bits, 0);
  EXPECT_EQ(prefix_of("::1/128").bits, 128);
  EXPECT_EQ(error_of("10.0.0.0/33"), "bad prefix length '33' in '10.0.0.0/33' (expected 0-32 for IPv4)");
  EXPECT_EQ(error_of("::1/129"), "bad prefix length '129' in '::1/129' (expected 0-128 for IPv6)");
  EXPECT_EQ(error_of("::1/1000"), "bad prefix length '1000' in '::1/1000' (expected 0-128 for IPv6)");
  EXPECT_EQ(error_of("10.0.0.0/"), "bad prefix length '' in '10.0.0.0/' (expected 0-32 for IPv4)");
  EXPECT_EQ(error_of("10.0.0.0/-1"), "bad prefix length '-1' in '10.0.0.0/-1' (expected 0-32 for IPv4)");
  EXPECT_EQ(error_of("10.0.0.0/x"), "bad prefix length 'x' in '10.0.0.0/x' (expected 0-32 for IPv4)");
  EXPECT_EQ(error_of("10.0.0.0/ 8"), "bad prefix length ' 8' in '10.0.0.0/ 8' (expected 0-32 for IPv4)");
}

TEST(AddressPrefix, BadAddresses) {
  const char* suffix = "' (expected IPv4 or IPv6, optionally /PREFIX)";
  for (const char* text : {"10.0.0.300", "10.0.0", "10.1", "abc", "", "/8", "::g", "1:2:3:4:5:6:7:8:9",
                           "fe80::1%eth0", "10.0.0.0/8/8", "[10.0.0.1", " 10.0.0.1", "localhost"}) {
    EXPECT_EQ(error_of(text), std::string("bad address '") + text + suffix);
  }
  EXPECT_FALSE(parse_address_prefix(std::string_view("10.0.0.1\0x", 10)).ok());
}

bool v4(std::string_view prefix, const std::string& address) {
  return prefix_matches(prefix_of(prefix), Family::Inet, endpoint(address, 0));
}
bool v6(std::string_view prefix, const std::string& address) {
  return prefix_matches(prefix_of(prefix), Family::Inet6, endpoint(address, 0));
}

TEST(AddressPrefix, MatchesIpv4) {
  EXPECT_TRUE(v4("10.0.0.0/8", "10.255.1.2"));
  EXPECT_FALSE(v4("10.0.0.0/8", "11.0.0.1"));
  EXPECT_TRUE(v4("0.0.0.0/0", "192.168.1.1"));
  EXPECT_TRUE(v4("10.1.2.3", "10.1.2.3"));
  EXPECT_FALSE(v4("10.1.2.3", "10.1.2.4"));
  EXPECT_TRUE(v4("10.1.2.3/32", "10.1.2.3"));
  // Not byte aligned: 172.16.0.0/12 is 172.16.0.0 - 172.31.255.255.
  EXPECT_TRUE(v4("172.16.0.0/12", "172.31.255.255"));
  EXPECT_FALSE(v4("172.16.0.0/12", "172.32.0.0"));
  EXPECT_FALSE(v4("172.16.0.0/12", "172.15.255.255"));
  // Host bits past the prefix are ignored.
  EXPECT_TRUE(v4("10.9.9.9/8", "10.0.0.1"));
}

TEST(AddressPrefix, MatchesIpv6) {
  EXPECT_TRUE(v6("::1", "::1"));
  EXPECT_FALSE(v6("::1", "::2"));
  EXPECT_TRUE(v6("fe80::/10", "febf::1"));
  EXPECT_FALSE(v6("fe80::/10", "fec0::1"));
  EXPECT_TRUE(v6("::/0", "2001:db8::1"));
  EXPECT_TRUE(v6("2001:db8::/32", "2001:db8:ffff::1"));
}

TEST(AddressPrefix, Ipv4PrefixMatchesMappedIpv6) {
  EXPECT_TRUE(v6("10.0.0.0/8", "::ffff:10.1.2.3"));
  EXPECT_TRUE(v6("10.1.2.3", "::ffff:10.1.2.3"));
  EXPECT_FALSE(v6("10.0.0.0/8", "::ffff:11.1.2.3"));
  EXPECT_TRUE(v6("0.0.0.0/0", "::ffff:1.2.3.4"));
  // Only mapped addresses: not ::a01:203 (IPv4-compatible) nor ordinary IPv6.
  EXPECT_FALSE(v6("10.0.0.0/8", "::10.1.2.3"));
  EXPECT_FALSE(v6("0.0.0.0/0", "2001:db8::1"));
  EXPECT_FALSE(v6("0.0.0.0/0", "::"));
}

TEST(AddressPrefix, MappedIpv6PrefixMatchesIpv4) {
  EXPECT_TRUE(v4("::ffff:10.0.0.0/104", "10.7.7.7"));
  EXPECT_FALSE(v4("::ffff:10.0.0.0/104", "11.7.7.7"));
  EXPECT_TRUE(v4("::ffff:0.0.0.0/96", "1.2.3.4"));
  EXPECT_TRUE(v4("::ffff:10.1.2.3", "10.1.2.3"));
  EXPECT_FALSE(v4("::/0", "10.1.2.3"));
  EXPECT_FALSE(v4("::ffff:0:0/95", "10.1.2.3"));
  EXPECT_FALSE(v4("::1", "0.0.0.1"));
}

}  // namespace
}  // namespace sockscope

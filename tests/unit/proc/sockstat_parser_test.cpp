#include <gtest/gtest.h>

#include <string>

#include "proc/netstat_reader.h"

namespace sockscope {
namespace {

constexpr std::string_view kSockstat618 =
    "sockets: used 12\n"
    "TCP: inuse 1 orphan 0 tw 0 alloc 1 mem 235\n"
    "UDP: inuse 0 mem 0\n"
    "UDPLITE: inuse 0\n"
    "RAW: inuse 0\n"
    "FRAG: inuse 0 memory 0\n";

TEST(ParseSockstat, KeepsEveryLabelAndKey) {
  Sockstat sockstat;
  auto parsed = parse_sockstat(kSockstat618, sockstat);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(sockstat.lines.size(), 6u);
  EXPECT_EQ(sockstat.get("sockets", "used"), 12);
  EXPECT_EQ(sockstat.get("TCP", "inuse"), 1);
  EXPECT_EQ(sockstat.get("TCP", "mem"), 235);
  EXPECT_EQ(sockstat.get("FRAG", "memory"), 0);
  EXPECT_TRUE(sockstat.get("UDPLITE", "inuse"));
  EXPECT_TRUE(sockstat.get("RAW", "inuse"));
  EXPECT_FALSE(sockstat.get("TCP", "nonesuch"));
}

TEST(ParseSockstat, Sockstat6MergesBesideTheIpv4Lines) {
  Sockstat sockstat;
  ASSERT_TRUE(parse_sockstat(kSockstat618, sockstat));
  ASSERT_TRUE(parse_sockstat("TCP6: inuse 4\nUDP6: inuse 2\nFRAG6: inuse 0 memory 0\n", sockstat));
  EXPECT_EQ(sockstat.get("TCP6", "inuse"), 4);
  EXPECT_EQ(sockstat.get("TCP", "mem"), 235);
}

TEST(ParseSockstat, KeysAKernelAddsLaterAreKept) {
  Sockstat sockstat;
  ASSERT_TRUE(parse_sockstat("TCP: inuse 1 orphan 0 tw 0 alloc 1 mem 2 newkey 77\n", sockstat));
  EXPECT_EQ(sockstat.get("TCP", "newkey"), 77);
}

TEST(ParseSockstat, RejectsBrokenInputAndChangesNothing) {
  Sockstat sockstat;
  ASSERT_TRUE(parse_sockstat("TCP: inuse 9\n", sockstat));
  struct Case {
    const char* text;
    const char* mention;
  };
  for (const Case& bad : {Case{"TCP: inuse 5 orphan zero\n", "'zero'"},
                          Case{"TCP: inuse 5 orphan\n", "'orphan' has no value"},
                          Case{"TCP inuse 5\n", "label"},
                          Case{"TCP: inuse 99999999999999999999\n", "99999999999999999999"},
                          Case{"", "empty"},
                          Case{"\n\n", "empty"}}) {
    auto parsed = parse_sockstat(bad.text, sockstat);
    ASSERT_FALSE(parsed) << bad.text;
    EXPECT_NE(parsed.error().message.find(bad.mention), std::string::npos) << parsed.error().message;
  }
  EXPECT_EQ(sockstat.get("TCP", "inuse"), 9);
  EXPECT_EQ(sockstat.lines.size(), 1u);
}

}  // namespace
}  // namespace sockscope

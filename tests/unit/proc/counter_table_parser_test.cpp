#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "proc/netstat_reader.h"

namespace sockscope {
namespace {

bool mentions(const Error& error, const std::string& part) { return error.message.find(part) != std::string::npos; }

TEST(ParseCounterTable, MatchesValuesToColumnNames) {
  Counters counters;
  auto parsed = parse_counter_table(
      "TcpExt: SyncookiesSent ListenOverflows ListenDrops\n"
      "TcpExt: 0 17 19\n"
      "IpExt: InNoRoutes InOctets\n"
      "IpExt: 0 48811203391\n",
      counters);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(counters.get("TcpExt.ListenOverflows"), 17);
  EXPECT_EQ(counters.get("TcpExt.ListenDrops"), 19);
  EXPECT_EQ(counters.get("IpExt.InOctets"), 48811203391);
  EXPECT_EQ(counters.values.size(), 5u);
}

// The same counter sits at a different position on another kernel.
TEST(ParseCounterTable, ColumnOrderDoesNotMatter) {
  Counters counters;
  ASSERT_TRUE(parse_counter_table("TcpExt: TW ListenOverflows\nTcpExt: 5 6\n", counters));
  EXPECT_EQ(counters.get("TcpExt.ListenOverflows"), 6);
  ASSERT_TRUE(parse_counter_table("TcpExt: ListenOverflows BrandNew TW\nTcpExt: 8 1 9\n", counters));
  EXPECT_EQ(counters.get("TcpExt.ListenOverflows"), 8);
  EXPECT_EQ(counters.get("TcpExt.TW"), 9);
  EXPECT_EQ(counters.get("TcpExt.BrandNew"), 1);
}

TEST(ParseCounterTable, SignedValuesAndTheExtremes) {
  Counters counters;
  ASSERT_TRUE(parse_counter_table(
      "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn Big\nTcp: 1 200 120000 -1 9223372036854775807\n", counters));
  EXPECT_EQ(counters.get("Tcp.MaxConn"), -1);
  EXPECT_EQ(counters.get("Tcp.RtoMin"), 200);
  EXPECT_EQ(counters.get("Tcp.Big"), INT64_MAX);
}

TEST(ParseCounterTable, ToleratesBlankLinesAndTabs) {
  Counters counters;
  ASSERT_TRUE(parse_counter_table("\nIp:\tForwarding DefaultTTL\n\nIp:\t1\t64\n\n", counters));
  EXPECT_EQ(counters.get("Ip.DefaultTTL"), 64);
}

TEST(ParseCounterTable, HeaderWithoutValueLineNamesTheGroup) {
  Counters counters;
  auto at_end = parse_counter_table("Tcp: A B\nTcp: 1 2\nUdp: InDatagrams NoPorts\n", counters);
  ASSERT_FALSE(at_end);
  EXPECT_TRUE(mentions(at_end.error(), "'Udp'")) << at_end.error().message;
  EXPECT_TRUE(mentions(at_end.error(), "no matching value line")) << at_end.error().message;

  auto other_group = parse_counter_table("TcpExt: A B\nIpExt: C\nIpExt: 1\n", counters);
  ASSERT_FALSE(other_group);
  EXPECT_TRUE(mentions(other_group.error(), "'TcpExt'")) << other_group.error().message;
  EXPECT_TRUE(counters.values.empty());
}

TEST(ParseCounterTable, ColumnCountMismatchNamesTheGroup) {
  Counters counters;
  auto fewer = parse_counter_table("Ip: A B\nIp: 1 2\nTcp: A B C\nTcp: 1 2\n", counters);
  ASSERT_FALSE(fewer);
  EXPECT_TRUE(mentions(fewer.error(), "'Tcp'")) << fewer.error().message;
  EXPECT_TRUE(mentions(fewer.error(), "3 column names but 2 values")) << fewer.error().message;
  EXPECT_FALSE(parse_counter_table("Tcp: A\nTcp: 1 2\n", counters));
  EXPECT_TRUE(counters.values.empty()) << "a failed parse must not merge half a table";
}

TEST(ParseCounterTable, RejectsNonNumericAndHugeValues) {
  Counters counters;
  auto word = parse_counter_table("Udp: InDatagrams NoPorts\nUdp: 12 many\n", counters);
  ASSERT_FALSE(word);
  EXPECT_TRUE(mentions(word.error(), "NoPorts")) << word.error().message;
  EXPECT_TRUE(mentions(word.error(), "'many'")) << word.error().message;
  auto huge = parse_counter_table("Udp: InDatagrams\nUdp: 18446744073709551616\n", counters);
  ASSERT_FALSE(huge);
  EXPECT_TRUE(mentions(huge.error(), "18446744073709551616")) << huge.error().message;
}

TEST(ParseCounterTable, RejectsEmptyTextAndMissingLabels) {
  Counters counters;
  EXPECT_FALSE(parse_counter_table("", counters));
  EXPECT_FALSE(parse_counter_table(" \n\t\n", counters));
  auto unlabeled = parse_counter_table("A B\n1 2\n", counters);
  ASSERT_FALSE(unlabeled);
  EXPECT_TRUE(mentions(unlabeled.error(), "label")) << unlabeled.error().message;
}

}  // namespace
}  // namespace sockscope

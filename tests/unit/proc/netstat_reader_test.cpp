#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <string>

#include "proc/file_text.h"
#include "proc/netstat_reader.h"

namespace sockscope {
namespace {

std::filesystem::path fixture(const char* tree) { return std::filesystem::path(SOCKSCOPE_TEST_DATA) / "proc" / tree; }

bool mentions(const Error& error, const std::string& part) { return error.message.find(part) != std::string::npos; }

TEST(ReadSockstat, ReadsBothFilesOfA618Tree) {
  auto sockstat = read_sockstat(fixture("linux-6.18"));
  ASSERT_TRUE(sockstat) << sockstat.error().message;
  EXPECT_EQ(sockstat->get("sockets", "used"), 1187);
  EXPECT_EQ(sockstat->get("TCP", "inuse"), 12);
  EXPECT_EQ(sockstat->get("TCP", "orphan"), 1000);
  EXPECT_EQ(sockstat->get("TCP", "tw"), 9583);
  EXPECT_EQ(sockstat->get("TCP", "alloc"), 1100);
  EXPECT_EQ(sockstat->get("TCP", "mem"), 235);
  EXPECT_EQ(sockstat->get("TCP6", "inuse"), 4);
  EXPECT_EQ(sockstat->get("RAW6", "inuse"), 1);
  EXPECT_EQ(sockstat->get("FRAG6", "memory"), 0);
}

TEST(ReadSockstat, ReadsAn419Tree) {
  auto sockstat = read_sockstat(fixture("linux-4.19"));
  ASSERT_TRUE(sockstat) << sockstat.error().message;
  EXPECT_EQ(sockstat->get("TCP", "tw"), 188);
  EXPECT_EQ(sockstat->get("UDP", "mem"), 4);
  EXPECT_EQ(sockstat->get("TCP6", "inuse"), 7);
}

TEST(ReadSockstat, Sockstat6IsOptional) {
  auto sockstat = read_sockstat(fixture("partial"));
  ASSERT_TRUE(sockstat) << sockstat.error().message;
  EXPECT_TRUE(sockstat->get("TCP", "inuse"));
  EXPECT_FALSE(sockstat->get("TCP6", "inuse"));
}

TEST(ReadSockstat, MissingSockstatIsAnErrorWithErrno) {
  auto sockstat = read_sockstat(fixture("no-such-tree"));
  ASSERT_FALSE(sockstat);
  EXPECT_EQ(sockstat.error().err, ENOENT);
  EXPECT_TRUE(mentions(sockstat.error(), "net/sockstat")) << sockstat.error().message;
}

TEST(ReadSockstat, GarbageNamesTheFile) {
  auto sockstat = read_sockstat(fixture("broken"));
  ASSERT_FALSE(sockstat);
  EXPECT_TRUE(mentions(sockstat.error(), "broken/net/sockstat:")) << sockstat.error().message;
  EXPECT_TRUE(mentions(sockstat.error(), "'zero'")) << sockstat.error().message;
}

TEST(ReadCounters, A618TreeHasNetstatAndSnmpGroups) {
  auto counters = read_counters(fixture("linux-6.18"));
  ASSERT_TRUE(counters) << counters.error().message;
  EXPECT_EQ(counters->get("TcpExt.ListenOverflows"), 1234);
  EXPECT_EQ(counters->get("TcpExt.ListenDrops"), 1240);
  EXPECT_EQ(counters->get("TcpExt.TCPTimeouts"), 77);
  EXPECT_EQ(counters->get("TcpExt.TW"), 48213);
  EXPECT_EQ(counters->get("IpExt.InOctets"), 912345678901);
  EXPECT_EQ(counters->get("MPTcpExt.MPCapableSYNRX"), 3);
  EXPECT_EQ(counters->get("Tcp.MaxConn"), -1);
  EXPECT_EQ(counters->get("Tcp.RtoMin"), 200);
  EXPECT_EQ(counters->get("Tcp.ActiveOpens"), 5021);
  EXPECT_EQ(counters->get("Tcp.CurrEstab"), 17);
  EXPECT_EQ(counters->get("Tcp.OutRsts"), 402);
  EXPECT_EQ(counters->get("Udp.InDatagrams"), 8800);
  EXPECT_EQ(counters->get("Udp.MemErrors"), 0);
  EXPECT_EQ(counters->get("Ip.OutTransmits"), 123456);
  EXPECT_EQ(counters->get("IcmpMsg.InType3"), 1);
}

// 4.19 has fewer columns, so the same names sit at other positions.
TEST(ReadCounters, An419TreeHasFewerColumns) {
  auto counters = read_counters(fixture("linux-4.19"));
  ASSERT_TRUE(counters) << counters.error().message;
  EXPECT_EQ(counters->get("TcpExt.ListenOverflows"), 17);
  EXPECT_EQ(counters->get("TcpExt.ListenDrops"), 19);
  EXPECT_EQ(counters->get("TcpExt.TW"), 30412);
  EXPECT_EQ(counters->get("TcpExt.TCPTimeouts"), 2210);
  EXPECT_EQ(counters->get("TcpExt.TCPAckCompressed"), 0);
  EXPECT_EQ(counters->get("IpExt.InOctets"), 48811203391);
  EXPECT_EQ(counters->get("Tcp.MaxConn"), -1);
  EXPECT_EQ(counters->get("Tcp.ActiveOpens"), 88123);
  EXPECT_EQ(counters->get("Tcp.EstabResets"), 3310);
  EXPECT_EQ(counters->get("Udp.NoPorts"), 44);
  EXPECT_EQ(counters->get("IcmpMsg.OutType3"), 44);
  EXPECT_FALSE(counters->get("MPTcpExt.MPCapableSYNRX"));
  EXPECT_FALSE(counters->get("Ip.OutTransmits"));
  EXPECT_FALSE(counters->get("Udp.MemErrors"));
  EXPECT_FALSE(counters->get("TcpExt.TCPMigrateReqSuccess"));
}

TEST(ReadCounters, EitherFileAloneIsEnough) {
  auto counters = read_counters(fixture("partial"));
  ASSERT_TRUE(counters) << counters.error().message;
  EXPECT_EQ(counters->get("Tcp.ActiveOpens"), 5021);
  EXPECT_FALSE(counters->get("TcpExt.ListenOverflows"));
}

TEST(ReadCounters, NeitherFileIsAnError) {
  auto counters = read_counters(fixture("no-such-tree"));
  ASSERT_FALSE(counters);
  EXPECT_EQ(counters.error().err, ENOENT);
}

TEST(ReadCounters, GarbageNamesTheFileAndGroup) {
  auto counters = read_counters(fixture("broken"));
  ASSERT_FALSE(counters);
  EXPECT_TRUE(mentions(counters.error(), "broken/net/netstat:")) << counters.error().message;
  EXPECT_TRUE(mentions(counters.error(), "'TcpExt'")) << counters.error().message;
}

TEST(ReadCounters, BrokenSnmpNamesItsGroup) {
  auto snmp = read_file_text(fixture("broken") / "net/snmp");
  ASSERT_TRUE(snmp) << snmp.error().describe();
  Counters counters;
  auto parsed = parse_counter_table(*snmp, counters);
  ASSERT_FALSE(parsed);
  EXPECT_TRUE(mentions(parsed.error(), "'Tcp'")) << parsed.error().message;
  EXPECT_TRUE(mentions(parsed.error(), "5 column names but 4 values")) << parsed.error().message;
  EXPECT_TRUE(counters.values.empty());
}

TEST(ReadCounters, ReadsTheLiveSystem) {
  if (!std::filesystem::exists("/proc/net/snmp")) GTEST_SKIP() << "no /proc/net here";
  auto counters = read_counters("/proc");
  ASSERT_TRUE(counters) << counters.error().message;
  EXPECT_TRUE(counters->get("Tcp.ActiveOpens"));
  auto sockstat = read_sockstat("/proc");
  ASSERT_TRUE(sockstat) << sockstat.error().message;
  EXPECT_TRUE(sockstat->get("TCP", "inuse"));
}

}  // namespace
}  // namespace sockscope

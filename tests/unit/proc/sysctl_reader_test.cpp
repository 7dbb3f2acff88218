#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "proc/file_text.h"
#include "proc/sysctl_reader.h"

namespace sockscope {
namespace {

std::filesystem::path fixture(const char* tree) { return std::filesystem::path(SOCKSCOPE_TEST_DATA) / "proc" / tree; }

TEST(ReadSysctls, ReadsEveryFieldOfA618Tree) {
  auto sysctls = read_sysctls(fixture("linux-6.18"));
  ASSERT_TRUE(sysctls) << sysctls.error().message;
  ASSERT_TRUE(sysctls->tcp_mem);
  EXPECT_EQ(sysctls->tcp_mem->min, 287898);
  EXPECT_EQ(sysctls->tcp_mem->def, 383867);
  EXPECT_EQ(sysctls->tcp_mem->max, 575796);
  ASSERT_TRUE(sysctls->tcp_rmem);
  EXPECT_EQ(sysctls->tcp_rmem->max, 33554432);
  ASSERT_TRUE(sysctls->tcp_wmem);
  EXPECT_EQ(sysctls->tcp_wmem->def, 16384);
  EXPECT_EQ(sysctls->somaxconn, 4096);
  EXPECT_EQ(sysctls->tcp_max_syn_backlog, 2048);
  EXPECT_EQ(sysctls->tcp_max_tw_buckets, 131072);
  EXPECT_EQ(sysctls->tcp_max_orphans, 131072);
  EXPECT_EQ(sysctls->tcp_fin_timeout, 60);
  EXPECT_EQ(sysctls->tcp_keepalive_time, 7200);
  EXPECT_EQ(sysctls->tcp_keepalive_intvl, 75);
  EXPECT_EQ(sysctls->tcp_keepalive_probes, 9);
  EXPECT_EQ(sysctls->tcp_retries2, 15);
  EXPECT_EQ(sysctls->tcp_syncookies, 1);
  ASSERT_TRUE(sysctls->ip_local_port_range);
  EXPECT_EQ(sysctls->ip_local_port_range->low, 32768u);
  EXPECT_EQ(sysctls->ip_local_port_range->high, 60999u);
  EXPECT_EQ(sysctls->page_size, ::sysconf(_SC_PAGESIZE));
}

TEST(ReadSysctls, ReadsAn419Tree) {
  auto sysctls = read_sysctls(fixture("linux-4.19"));
  ASSERT_TRUE(sysctls) << sysctls.error().message;
  EXPECT_EQ(sysctls->somaxconn, 128);
  ASSERT_TRUE(sysctls->tcp_mem);
  EXPECT_EQ(sysctls->tcp_mem->def, 60826);
  ASSERT_TRUE(sysctls->tcp_rmem);
  EXPECT_EQ(sysctls->tcp_rmem->def, 87380);
  EXPECT_EQ(sysctls->tcp_max_syn_backlog, 512);
  EXPECT_EQ(sysctls->tcp_max_tw_buckets, 16384);
}

TEST(ReadSysctls, MissingFilesLeaveFieldsEmpty) {
  auto sysctls = read_sysctls(fixture("partial"));
  ASSERT_TRUE(sysctls) << sysctls.error().message;
  EXPECT_TRUE(sysctls->tcp_mem);
  EXPECT_TRUE(sysctls->tcp_rmem);
  EXPECT_TRUE(sysctls->tcp_wmem);
  EXPECT_TRUE(sysctls->ip_local_port_range);
  EXPECT_EQ(sysctls->somaxconn, 4096);
  EXPECT_EQ(sysctls->tcp_fin_timeout, 60);
  EXPECT_FALSE(sysctls->tcp_max_syn_backlog);
  EXPECT_FALSE(sysctls->tcp_max_tw_buckets);
  EXPECT_FALSE(sysctls->tcp_max_orphans);
  EXPECT_FALSE(sysctls->tcp_keepalive_time);
  EXPECT_FALSE(sysctls->tcp_keepalive_intvl);
  EXPECT_FALSE(sysctls->tcp_keepalive_probes);
  EXPECT_FALSE(sysctls->tcp_retries2);
  EXPECT_FALSE(sysctls->tcp_syncookies);
}

TEST(ReadSysctls, AMissingRootIsAllEmptyNotAnError) {
  auto sysctls = read_sysctls(fixture("no-such-tree"));
  ASSERT_TRUE(sysctls) << sysctls.error().message;
  EXPECT_FALSE(sysctls->tcp_mem);
  EXPECT_FALSE(sysctls->somaxconn);
  EXPECT_FALSE(sysctls->ip_local_port_range);
  EXPECT_GT(sysctls->page_size, 0);
}

TEST(ReadSysctls, GarbageIsAnErrorNamingTheFileAndText) {
  auto sysctls = read_sysctls(fixture("broken"));
  ASSERT_FALSE(sysctls);
  const std::string& message = sysctls.error().message;
  EXPECT_NE(message.find("broken/sys/net/ipv4/tcp_mem"), std::string::npos) << message;
  EXPECT_NE(message.find("'lots'"), std::string::npos) << message;
}

// Each broken file of the tree, one by one, so every kind of garbage is covered.
TEST(ReadSysctls, EveryBrokenFileFailsToParse) {
  const auto ipv4 = fixture("broken") / "sys/net/ipv4";
  auto text = [](const std::filesystem::path& path) {
    auto read = read_file_text(path);
    EXPECT_TRUE(read) << path;
    return read ? *read : std::string();
  };
  EXPECT_FALSE(parse_triple(text(ipv4 / "tcp_rmem")));
  EXPECT_FALSE(parse_triple(text(ipv4 / "tcp_wmem")));
  EXPECT_FALSE(parse_integer(text(fixture("broken") / "sys/net/core/somaxconn")));
  EXPECT_FALSE(parse_integer(text(ipv4 / "tcp_max_syn_backlog")));
  EXPECT_FALSE(parse_integer(text(ipv4 / "tcp_max_tw_buckets")));
  EXPECT_FALSE(parse_integer(text(ipv4 / "tcp_fin_timeout")));
  EXPECT_FALSE(parse_integer(text(ipv4 / "tcp_keepalive_time")));
  EXPECT_FALSE(parse_integer(text(ipv4 / "tcp_syncookies")));
  EXPECT_FALSE(parse_port_range(text(ipv4 / "ip_local_port_range")));
}

TEST(ReadSysctls, ReadsTheLiveSystem) {
  auto sysctls = read_sysctls("/proc");
  ASSERT_TRUE(sysctls) << sysctls.error().message;
  if (!std::filesystem::exists("/proc/sys/net/ipv4/tcp_mem")) GTEST_SKIP() << "no /proc/sys/net here";
  ASSERT_TRUE(sysctls->tcp_mem);
  EXPECT_LE(sysctls->tcp_mem->min, sysctls->tcp_mem->max);
}

}  // namespace
}  // namespace sockscope

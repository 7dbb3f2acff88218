#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "detect/detector_fns.h"
#include "host_fixtures.h"

namespace {

using namespace sockscope;

// `count` TIME_WAIT sockets a server on 10.0.0.1:80 closed first, one per client port.
Snapshot time_waits(int count, std::optional<int64_t> limit = 100) {
  Snapshot snap;
  test::add_many(snap, count, TcpState::TimeWait, "10.0.0.1", 80, "10.0.0.2", 40000, 1, false);
  snap.system.sysctls.tcp_max_tw_buckets = limit;
  return snap;
}

// Thresholds on the percentage alone.
DetectorsConfig pct_only() {
  DetectorsConfig config;
  config.time_wait_buildup.warning_count = 0;
  return config;
}

std::vector<Finding> run(const Snapshot& snap, const DetectorsConfig& config) {
  return test::run_detector(detect_time_wait_buildup, snap, config);
}

TEST(TimeWaitBuildupDetector, QuietWithoutTimeWait) {
  Snapshot snap = time_waits(0);
  test::add_many(snap, 80, TcpState::Established, "10.0.0.1", 80, "10.0.0.2", 40000, 500, false);
  EXPECT_TRUE(run(snap, pct_only()).empty());
}

TEST(TimeWaitBuildupDetector, JustBelowWarningPctIsQuiet) {
  EXPECT_TRUE(run(time_waits(49), pct_only()).empty());
}

TEST(TimeWaitBuildupDetector, WarningAtWarningPct) {
  auto found = run(time_waits(50), pct_only());
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.kind, "time_wait_buildup");
  EXPECT_EQ(f.id, "time_wait_buildup:host");
  EXPECT_EQ(f.subject, "host");
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_EQ(f.evidence["count"], 50);
  EXPECT_EQ(f.evidence["limit"], 100);
  EXPECT_DOUBLE_EQ(f.evidence["used_pct"].get<double>(), 50.0);
  EXPECT_EQ(f.summary, "50 TIME_WAIT sockets, 50% of tcp_max_tw_buckets (100)");
  EXPECT_FALSE(f.advice.empty());
  EXPECT_FALSE(f.since.has_value());
}

TEST(TimeWaitBuildupDetector, CriticalAtCriticalPct) {
  EXPECT_EQ(run(time_waits(89), pct_only()).at(0).severity, Severity::Warning);
  EXPECT_EQ(run(time_waits(90), pct_only()).at(0).severity, Severity::Critical);
}

TEST(TimeWaitBuildupDetector, AbsoluteCountWithUnknownLimit) {
  DetectorsConfig config;
  config.time_wait_buildup.warning_count = 10;
  EXPECT_TRUE(run(time_waits(9, std::nullopt), config).empty());
  auto found = run(time_waits(10, std::nullopt), config);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_TRUE(found[0].evidence["limit"].is_null());
  EXPECT_TRUE(found[0].evidence["used_pct"].is_null());
  EXPECT_EQ(found[0].summary, "10 TIME_WAIT sockets");
}

TEST(TimeWaitBuildupDetector, AbsoluteCountOfZeroIsOff) {
  EXPECT_TRUE(run(time_waits(5000, std::nullopt), pct_only()).empty());
}

TEST(TimeWaitBuildupDetector, AbsoluteCountBelowPctStillWarns) {
  DetectorsConfig config;
  config.time_wait_buildup.warning_count = 20;
  auto found = run(time_waits(20, 1000), config);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_DOUBLE_EQ(found[0].evidence["used_pct"].get<double>(), 2.0);
}

TEST(TimeWaitBuildupDetector, Disabled) {
  DetectorsConfig config = pct_only();
  config.time_wait_buildup.enabled = false;
  EXPECT_TRUE(run(time_waits(95), config).empty());
}

TEST(TimeWaitBuildupDetector, SockstatTwCountsOrphanedFinWait2Buckets) {
  // 40 TIME_WAIT in the dump, but the kernel holds 60 timewait minisockets.
  Snapshot snap = time_waits(40);
  snap.system.sockstat.lines["TCP"]["tw"] = 60;
  auto found = run(snap, pct_only());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence["count"], 40);
  EXPECT_EQ(found[0].evidence["sockstat_tw"], 60);
  EXPECT_EQ(found[0].evidence["tw_buckets_in_use"], 60);
  EXPECT_DOUBLE_EQ(found[0].evidence["used_pct"].get<double>(), 60.0);
  EXPECT_EQ(found[0].summary, "60 timewait sockets (40 TIME_WAIT), 60% of tcp_max_tw_buckets (100)");
}

TEST(TimeWaitBuildupDetector, SockstatTwUnknownIsNull) {
  auto found = run(time_waits(60), pct_only());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].evidence["sockstat_tw"].is_null());
  EXPECT_EQ(found[0].evidence["tw_buckets_in_use"], 60);
}

TEST(TimeWaitBuildupDetector, TopEndpointsShowWhoClosesFirst) {
  // 30 closed by the server on 10.0.0.1:80; 20 closed by a client towards 10.0.0.9:443.
  Snapshot snap = time_waits(30);
  test::add_many(snap, 20, TcpState::TimeWait, "10.0.0.1", 50000, "10.0.0.9", 443, 100, true);
  DetectorsConfig config = pct_only();
  config.time_wait_buildup.top_n = 2;
  auto found = run(snap, config);
  ASSERT_EQ(found.size(), 1u);
  const auto& local = found[0].evidence["top_local"];
  const auto& remote = found[0].evidence["top_remote"];
  ASSERT_EQ(local.size(), 2u);
  ASSERT_EQ(remote.size(), 2u);
  EXPECT_EQ(local[0]["endpoint"], "10.0.0.1:80");
  EXPECT_EQ(local[0]["count"], 30);
  EXPECT_EQ(local[1]["count"], 1);
  EXPECT_EQ(remote[0]["endpoint"], "10.0.0.9:443");
  EXPECT_EQ(remote[0]["count"], 20);
  EXPECT_EQ(remote[1]["count"], 1);
}

TEST(TimeWaitBuildupDetector, TopNOfZeroListsNothing) {
  DetectorsConfig config = pct_only();
  config.time_wait_buildup.top_n = 0;
  auto found = run(time_waits(60), config);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].evidence["top_local"].empty());
  EXPECT_TRUE(found[0].evidence["top_remote"].empty());
}

TEST(TimeWaitBuildupDetector, Ipv6EndpointsInBrackets) {
  Snapshot snap;
  test::add_many(snap, 60, TcpState::TimeWait, "fd00::1", 443, "fd00::2", 30000, 1, false);
  snap.system.sysctls.tcp_max_tw_buckets = 100;
  auto found = run(snap, pct_only());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence["top_local"][0]["endpoint"], "[fd00::1]:443");
}

TEST(TimeWaitBuildupDetector, CountsOnlyTcpTimeWait) {
  Snapshot snap = time_waits(49);
  test::add_many(snap, 30, TcpState::FinWait2, "10.0.0.1", 80, "10.0.0.3", 40000, 1000, false);
  snap.sockets.push_back(test::record(Proto::Udp, TcpState::TimeWait, "10.0.0.1", 53, "10.0.0.4", 53));
  EXPECT_TRUE(run(snap, pct_only()).empty());
}

TEST(TimeWaitBuildupDetector, NamesItsSocketsBounded) {
  Snapshot snap = time_waits(1500, 2000);
  auto found = run(snap, pct_only());
  ASSERT_EQ(found.size(), 1u);
  const auto& cookies = found[0].sockets;
  ASSERT_EQ(cookies.size(), kMaxNamedSockets);
  EXPECT_EQ(cookies.front(), 1u);
  EXPECT_EQ(cookies.back(), kMaxNamedSockets);
  EXPECT_TRUE(std::is_sorted(cookies.begin(), cookies.end()));
}

TEST(TimeWaitBuildupDetector, IdStableAsCountsChange) {
  auto first = run(time_waits(55), pct_only());
  auto second = run(time_waits(95), pct_only());
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(first[0].id, second[0].id);
  EXPECT_NE(first[0].severity, second[0].severity);
}

TEST(TimeWaitBuildupDetector, ZeroLimitGivesNoPercentage) {
  DetectorsConfig config;
  config.time_wait_buildup.warning_count = 10;
  auto found = run(time_waits(10, 0), config);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence["limit"], 0);
  EXPECT_TRUE(found[0].evidence["used_pct"].is_null());
}

}  // namespace

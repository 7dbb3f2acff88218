// time_wait_buildup against the kernel: real TIME_WAIT sockets from
// connections the client closes first, against a tcp_max_tw_buckets lowered
// inside the test's namespace.
#include <gtest/gtest.h>

#include "detect/detector_fns.h"
#include "detect_harness.h"
#include "host_scenarios.h"

namespace sockscope::testing {
namespace {

class TimeWaitBuildupTest : public NetnsTest {};

constexpr int kBuckets = 20;

TEST_F(TimeWaitBuildupTest, AgainstALoweredBucketLimit) {
  set_sysctl("net.ipv4.tcp_max_tw_buckets", std::to_string(kBuckets));
  DetectorsConfig config;  // warning at 50 %, critical at 90 %
  config.time_wait_buildup.warning_count = 0;
  DetectHarness harness;
  UniqueFd listener = tcp_listener(Ip::V4, 64);
  const uint16_t port = local_port(listener);
  EXPECT_TRUE(harness.poll(detect_time_wait_buildup, config).empty());

  for (int i = 0; i < kBuckets / 2; ++i) close_client_first(listener, Ip::V4, port);
  auto found = harness.poll(detect_time_wait_buildup, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  const Finding warning = found[0];
  EXPECT_EQ(warning.id, "time_wait_buildup:host");
  EXPECT_EQ(warning.severity, Severity::Warning);
  EXPECT_EQ(warning.evidence["count"], kBuckets / 2);
  EXPECT_EQ(warning.evidence["limit"], kBuckets);
  EXPECT_DOUBLE_EQ(warning.evidence["used_pct"].get<double>(), 50.0);
  EXPECT_EQ(warning.evidence["sockstat_tw"], kBuckets / 2);  // the namespace's own buckets
  // The client closed first, so every TIME_WAIT points at the one server endpoint.
  EXPECT_EQ(warning.evidence["top_remote"][0]["endpoint"], "127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(warning.evidence["top_remote"][0]["count"], kBuckets / 2);
  EXPECT_EQ(warning.evidence["top_local"][0]["count"], 1);
  EXPECT_EQ(warning.sockets.size(), static_cast<size_t>(kBuckets / 2));

  for (int i = 0; i < 8; ++i) close_client_first(listener, Ip::V4, port);
  found = harness.poll(detect_time_wait_buildup, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].severity, Severity::Critical);
  EXPECT_EQ(found[0].evidence["count"], 18);
  EXPECT_EQ(found[0].id, warning.id);
}

TEST_F(TimeWaitBuildupTest, BeyondTheLimitNewTimeWaitSocketsAreDestroyed) {
  set_sysctl("net.ipv4.tcp_max_tw_buckets", std::to_string(kBuckets));
  DetectorsConfig config;
  DetectHarness harness;
  UniqueFd listener = tcp_listener(Ip::V4, 64);
  const uint16_t port = local_port(listener);

  for (int i = 0; i < kBuckets + 5; ++i) close_client_first(listener, Ip::V4, port);
  auto found = harness.poll(detect_time_wait_buildup, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].severity, Severity::Critical);
  EXPECT_EQ(found[0].evidence["count"], kBuckets);
  EXPECT_DOUBLE_EQ(found[0].evidence["used_pct"].get<double>(), 100.0);
  EXPECT_EQ(found[0].evidence["overflows_total"], 5);
}

TEST_F(TimeWaitBuildupTest, AbsoluteCountWithoutTheLimit) {
  DetectorsConfig config;
  config.time_wait_buildup.warning_count = 6;
  DetectHarness harness;
  harness.adjust_system([](SystemView& system) { system.sysctls.tcp_max_tw_buckets.reset(); });
  UniqueFd listener = tcp_listener(Ip::V6, 64);
  const uint16_t port = local_port(listener);
  for (int i = 0; i < 5; ++i) close_client_first(listener, Ip::V6, port);
  EXPECT_TRUE(harness.poll(detect_time_wait_buildup, config).empty());

  close_client_first(listener, Ip::V6, port);
  auto found = harness.poll(detect_time_wait_buildup, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_EQ(found[0].evidence["count"], 6);
  EXPECT_TRUE(found[0].evidence["limit"].is_null());
  EXPECT_EQ(found[0].evidence["top_remote"][0]["endpoint"], "[::1]:" + std::to_string(port));
}

}  // namespace
}  // namespace sockscope::testing

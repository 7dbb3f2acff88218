// closing_lingering against the kernel: simultaneous closes held in CLOSING
// by dropping everything sent to the client.
#include <gtest/gtest.h>

#include <chrono>

#include "detect/detector_fns.h"
#include "detect_harness.h"
#include "host_scenarios.h"

namespace sockscope::testing {
namespace {

class ClosingLingeringTest : public NetnsTest {};

DetectorsConfig counting(int64_t warning_count, double max_age_s = 60) {
  DetectorsConfig config;
  config.closing_lingering.warning_count = warning_count;
  config.closing_lingering.max_age_s = max_age_s;
  return config;
}

TEST_F(ClosingLingeringTest, SimultaneousClosesHeldStill) {
  DetectorsConfig config = counting(2);
  Firewall fw;
  DetectHarness harness;
  TcpConn first = closing(Ip::V4, fw);
  EXPECT_TRUE(harness.poll(detect_closing_lingering, config).empty());

  TcpConn second = closing(Ip::V6, fw);
  auto found = harness.poll(detect_closing_lingering, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].id, "closing_lingering:host");
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_EQ(found[0].evidence["count"], 2);
  EXPECT_EQ(found[0].evidence["held"], 2);
  EXPECT_EQ(found[0].evidence["orphaned"], 0);
  EXPECT_EQ(found[0].evidence["top_peers"].size(), 2u);
  EXPECT_EQ(found[0].evidence["tcp_retries2"], 15);
  EXPECT_EQ(found[0].sockets.size(), 2u);
}

TEST_F(ClosingLingeringTest, OrphanedWhenTheServerClosesItsFd) {
  DetectorsConfig config = counting(1);
  Firewall fw;
  DetectHarness harness;
  TcpConn c = closing(Ip::V4, fw);
  c.server.reset();  // the kernel keeps retransmitting the FIN on its own
  auto found = harness.poll(detect_closing_lingering, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].evidence["orphaned"], 1);
  EXPECT_EQ(found[0].evidence["held"], 0);
}

TEST_F(ClosingLingeringTest, OldOneNeedsTheTrackersAge) {
  DetectorsConfig config = counting(100, 0.6);
  Firewall fw;
  DetectHarness harness;
  TcpConn c = closing(Ip::V4, fw);
  EXPECT_TRUE(harness.poll(detect_closing_lingering, config).empty());
  auto found = harness.poll_until(detect_closing_lingering, config, "closing_lingering",
                                  std::chrono::milliseconds(3000));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->evidence["older_than_max_age"], 1);
  EXPECT_GE(found->evidence["oldest_age_s"].get<double>(), 0.6);
}

}  // namespace
}  // namespace sockscope::testing

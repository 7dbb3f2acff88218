// fin_wait2_lingering against the kernel: FIN_WAIT2 sockets held after
// shutdown(SHUT_WR), orphaned ones that tcp_fin_timeout reaps, and the age
// only the tracker can give.
#include <gtest/gtest.h>

#include <chrono>

#include "detect/detector_fns.h"
#include "detect_harness.h"
#include "host_scenarios.h"

namespace sockscope::testing {
namespace {

class FinWait2LingeringTest : public NetnsTest {};

DetectorsConfig counting(int64_t warning_count, double max_age_s = 300) {
  DetectorsConfig config;
  config.fin_wait2_lingering.warning_count = warning_count;
  config.fin_wait2_lingering.max_age_s = max_age_s;
  return config;
}

TEST_F(FinWait2LingeringTest, HeldAfterShutdownUntilThePeerCloses) {
  DetectorsConfig config = counting(3);
  DetectHarness harness;
  EXPECT_TRUE(harness.poll(detect_fin_wait2_lingering, config).empty());

  std::vector<TcpConn> conns;
  for (int i = 0; i < 3; ++i) conns.push_back(fin_wait2_close_wait(Ip::V4));
  auto found = harness.poll(detect_fin_wait2_lingering, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].id, "fin_wait2_lingering:host");
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_EQ(found[0].evidence["count"], 3);
  EXPECT_EQ(found[0].evidence["orphaned"], 0);
  EXPECT_EQ(found[0].evidence["held"], 3);
  EXPECT_EQ(found[0].evidence["top_peers"][0]["address"], "127.0.0.1");
  EXPECT_EQ(found[0].evidence["top_peers"][0]["count"], 3);
  EXPECT_EQ(found[0].evidence["tcp_fin_timeout"], 60);
  EXPECT_EQ(found[0].evidence["older_than_max_age"], 0);
  EXPECT_EQ(found[0].sockets.size(), 3u);

  // The peers close: each FIN_WAIT2 moves on to TIME_WAIT (a minisocket
  // takes over, and the fd's own socket reads CLOSE).
  for (TcpConn& c : conns) {
    c.server.reset();
    wait_tcp_state(c.client, TCP_CLOSE, "client to TIME_WAIT");
  }
  found = harness.poll(detect_fin_wait2_lingering, config);
  EXPECT_TRUE(found.empty()) << describe(found);
}

TEST_F(FinWait2LingeringTest, OrphanedOnesLastTcpFinTimeout) {
  set_sysctl("net.ipv4.tcp_fin_timeout", "2");
  DetectorsConfig config = counting(2);
  DetectHarness harness;
  TcpConn held = fin_wait2_close_wait(Ip::V4);
  TcpConn orphan = orphan_fin_wait2(Ip::V6);
  auto found = harness.poll_until(detect_fin_wait2_lingering, config, "fin_wait2_lingering",
                                  std::chrono::milliseconds(1000));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->evidence["count"], 2);
  EXPECT_EQ(found->evidence["orphaned"], 1);
  EXPECT_EQ(found->evidence["held"], 1);
  EXPECT_EQ(found->evidence["tcp_fin_timeout"], 2);

  // The orphan is reaped after tcp_fin_timeout; the held one waits on.
  EXPECT_TRUE(wait_until([&] { return harness.poll(detect_fin_wait2_lingering, config).empty(); },
                         std::chrono::milliseconds(6000)));
  EXPECT_EQ(tcp_state_of(held.client), TCP_FIN_WAIT2);
}

TEST_F(FinWait2LingeringTest, OldOneNeedsTheTrackersAge) {
  DetectorsConfig config = counting(100, 0.6);
  DetectHarness harness;
  TcpConn c = fin_wait2_close_wait(Ip::V4);
  EXPECT_TRUE(harness.poll(detect_fin_wait2_lingering, config).empty());  // just seen: age 0
  auto found = harness.poll_until(detect_fin_wait2_lingering, config, "fin_wait2_lingering",
                                  std::chrono::milliseconds(3000));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->evidence["count"], 1);
  EXPECT_EQ(found->evidence["older_than_max_age"], 1);
  EXPECT_GE(found->evidence["oldest_age_s"].get<double>(), 0.6);
}

}  // namespace
}  // namespace sockscope::testing

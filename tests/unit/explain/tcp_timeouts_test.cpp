// The kernel's give-up times, as net/ipv4/tcp_timer.c computes them.
#include <gtest/gtest.h>

#include "explain/duration_text.h"
#include "explain/tcp_timeouts.h"

namespace sockscope {
namespace {

TEST(TcpTimeouts, Retries2DefaultIs924Point6Seconds) { EXPECT_NEAR(retransmit_give_up_s(15), 924.6, 1e-9); }

TEST(TcpTimeouts, BelowTheRtoMaxThresholdTheWaitsOnlyDouble) {
  EXPECT_NEAR(retransmit_give_up_s(8), 102.2, 1e-9);  // tcp_orphan_retries 0 means 8
  EXPECT_NEAR(retransmit_give_up_s(3), 3.0, 1e-9);    // 0.2 + 0.4 + 0.8 + 1.6
  EXPECT_NEAR(retransmit_give_up_s(9), 204.6, 1e-9);  // the last doubling below 120 s
  EXPECT_NEAR(retransmit_give_up_s(10), 324.6, 1e-9);
  EXPECT_NEAR(retransmit_give_up_s(0), 0.2, 1e-9);
}

TEST(TcpTimeouts, SynAckRetriesFromOneSecond) { EXPECT_NEAR(retransmit_give_up_s(5, 1.0), 63, 1e-9); }

TEST(TcpTimeouts, SynRetries) {
  EXPECT_NEAR(syn_give_up_s(6, 0), 127, 1e-9);
  EXPECT_NEAR(syn_give_up_s(6, 4), 131, 1e-9);
  EXPECT_NEAR(syn_give_up_s(1, 0), 3, 1e-9);
}

TEST(TcpTimeouts, OutOfRangeRetriesAreClamped) {
  EXPECT_NEAR(retransmit_give_up_s(-3), 0.2, 1e-9);
  EXPECT_GT(retransmit_give_up_s(1000), retransmit_give_up_s(200));
}

TEST(TcpTimeouts, KeepaliveScheduleFallsBackToKernelDefaults) {
  Sysctls none;
  EXPECT_EQ(keepalive_schedule(none).dead_after_s(), 7200 + 75 * 9);
  Sysctls some;
  some.tcp_keepalive_time = 60;
  EXPECT_EQ(keepalive_schedule(some).dead_after_s(), 60 + 75 * 9);
}

TEST(DurationText, Ranges) {
  EXPECT_EQ(duration_text(0), "0 s");
  EXPECT_EQ(duration_text(4.25), "4.3 s");
  EXPECT_EQ(duration_text(3), "3 s");
  EXPECT_EQ(duration_text(42), "42 s");
  EXPECT_EQ(duration_text(119.4), "119 s");
  EXPECT_EQ(duration_text(924.6), "15 min 25 s");
  EXPECT_EQ(duration_text(900), "15 min");
  EXPECT_EQ(duration_text(7875), "2 h 11 min");
  EXPECT_EQ(duration_text(3 * 86400 + 7200), "3 d 2 h");
  EXPECT_EQ(duration_text(-5), "0 s");
}

TEST(CountText, Plurals) {
  EXPECT_EQ(count_text(1, "probe"), "1 probe");
  EXPECT_EQ(count_text(0, "probe"), "0 probes");
  EXPECT_EQ(count_text(3, "probe"), "3 probes");
}

}  // namespace
}  // namespace sockscope

// rst_storm against the kernel: a quiet stretch long enough for the history
// to hold a baseline beyond the 10 s window, then a burst of connects to a
// closed loopback port, each answered by an RST.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "detect/detector_fns.h"
#include "detect_harness.h"
#include "host_scenarios.h"

namespace sockscope::testing {
namespace {

class RstStormTest : public NetnsTest {};

// Quiet for this long: the minute's window must reach well past the 10 s one.
constexpr std::chrono::seconds kQuiet{14};
constexpr int kConnects = 300;

uint16_t closed_port() {
  UniqueFd probe = tcp_listener(Ip::V4);
  return local_port(probe);  // closed again when probe goes
}

TEST_F(RstStormTest, ResetsFromAClosedPortAfterAQuietPeriod) {
  DetectorsConfig config;
  // With only 14 s of history the "minute" spans 14 s, so the largest
  // possible ratio is about 1.4; the defaults assume a full minute.
  config.rst_storm.ratio = 1.2;
  config.rst_storm.min_rate = 5;
  DetectHarness harness;
  const auto quiet_until = std::chrono::steady_clock::now() + kQuiet;
  while (std::chrono::steady_clock::now() < quiet_until) {
    auto found = harness.poll(detect_rst_storm, config);
    ASSERT_TRUE(found.empty()) << describe(found);
    std::this_thread::sleep_for(std::chrono::duration<double>(harness.interval_s()));
  }

  const uint16_t port = closed_port();
  for (int i = 0; i < kConnects; ++i) {
    UniqueFd refused = tcp_connect_start(Ip::V4, port);
    wait_readiness(refused, POLLOUT, "refused connect");
  }
  auto found = harness.poll_until(detect_rst_storm, config, "rst_storm", std::chrono::milliseconds(2000));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, "rst_storm:host");
  EXPECT_EQ(found->severity, Severity::Warning);
  const auto& counters = found->evidence["counters"];
  ASSERT_FALSE(counters.empty());
  EXPECT_EQ(counters[0]["counter"], "Tcp.OutRsts");
  EXPECT_GE(counters[0]["count_10s"].get<int64_t>(), kConnects);
  EXPECT_GE(counters[0]["rate_10s_per_s"].get<double>(), config.rst_storm.min_rate);
  EXPECT_GT(counters[0]["window_1m_s"].get<double>(), counters[0]["window_10s_s"].get<double>());
}

TEST_F(RstStormTest, NoBaselineNoFinding) {
  // The same burst right away: the history holds nothing beyond the 10 s window.
  DetectorsConfig config;
  config.rst_storm.ratio = 1;
  config.rst_storm.min_rate = 1;
  DetectHarness harness;
  harness.poll(detect_rst_storm, config);
  const uint16_t port = closed_port();
  for (int i = 0; i < kConnects; ++i) {
    UniqueFd refused = tcp_connect_start(Ip::V4, port);
    wait_readiness(refused, POLLOUT, "refused connect");
  }
  for (int i = 0; i < 5; ++i) {
    auto found = harness.poll(detect_rst_storm, config);
    EXPECT_TRUE(found.empty()) << describe(found);
    std::this_thread::sleep_for(std::chrono::duration<double>(harness.interval_s()));
  }
  EXPECT_GE(harness.snapshot().system.counters.get("Tcp.OutRsts").value_or(0), kConnects);
}

}  // namespace
}  // namespace sockscope::testing

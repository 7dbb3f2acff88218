#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "detect/detector_fns.h"
#include "host_fixtures.h"

namespace {

using namespace sockscope;

std::vector<Finding> run(const History* history, const DetectorsConfig& config = {}) {
  Snapshot snap;
  Tracker tracker;
  return test::run_detector(detect_rst_storm, snap, config, history ? &tracker : nullptr, history);
}

std::vector<Finding> run_outrsts(const std::vector<int64_t>& deltas, const DetectorsConfig& config = {}) {
  History history = test::history_of("Tcp.OutRsts", deltas);
  return run(&history, config);
}

// One entry a second; each counter's deltas by name (all the same length).
History history_of(const std::map<std::string, std::vector<int64_t>>& series) {
  History history(4096);
  const size_t length = series.begin()->second.size();
  for (size_t i = 0; i < length; ++i) {
    PollAggregate entry;
    entry.taken_at = test::history_time(static_cast<int>(i));
    entry.counter_deltas.fill(i == 0 ? -1 : 0);
    for (const auto& [name, deltas] : series) {
      if (i > 0) entry.counter_deltas[*history_counter_index(name)] = deltas[i];
    }
    history.push(entry);
  }
  return history;
}

TEST(RstStormDetector, DirectModeHasNothingToGoOn) { EXPECT_TRUE(run(nullptr).empty()); }

TEST(RstStormDetector, BurstAfterAQuietMinute) {
  auto found = run_outrsts(test::quiet_then_burst(50, 0, 10, 20));
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.kind, "rst_storm");
  EXPECT_EQ(f.id, "rst_storm:host");
  EXPECT_EQ(f.subject, "host");
  EXPECT_EQ(f.severity, Severity::Warning);
  ASSERT_EQ(f.evidence["counters"].size(), 1u);
  const auto& c = f.evidence["counters"][0];
  EXPECT_EQ(c["counter"], "Tcp.OutRsts");
  EXPECT_DOUBLE_EQ(c["rate_10s_per_s"].get<double>(), 20.0);
  EXPECT_DOUBLE_EQ(c["rate_1m_per_s"].get<double>(), 3.3);
  EXPECT_EQ(c["count_10s"], 200);
  EXPECT_EQ(c["count_1m"], 200);
  EXPECT_DOUBLE_EQ(c["window_10s_s"].get<double>(), 10.0);
  EXPECT_DOUBLE_EQ(c["window_1m_s"].get<double>(), 60.0);
  EXPECT_EQ(f.summary, "TCP reset surge: Tcp.OutRsts at 20.0/s over 10s against 3.3/s over 60s");
  EXPECT_TRUE(f.sockets.empty());
  EXPECT_FALSE(f.advice.empty());
}

TEST(RstStormDetector, AtTheRatioQualifies) {
  // 10 s at 50/s after 50 s at 2/s: the minute's rate is 600 / 60 = 10, exactly a fifth.
  EXPECT_EQ(run_outrsts(test::quiet_then_burst(50, 2, 10, 50)).size(), 1u);
}

TEST(RstStormDetector, JustBelowTheRatioIsQuiet) {
  // 49/s against (100 + 490) / 60 = 9.83/s: a ratio of 4.98.
  EXPECT_TRUE(run_outrsts(test::quiet_then_burst(50, 2, 10, 49)).empty());
}

TEST(RstStormDetector, BelowMinRateIsQuiet) {
  EXPECT_TRUE(run_outrsts(test::quiet_then_burst(50, 0, 10, 9)).empty());
  EXPECT_EQ(run_outrsts(test::quiet_then_burst(50, 0, 10, 10)).size(), 1u);
}

TEST(RstStormDetector, ThresholdsAreConfigurable) {
  DetectorsConfig config;
  config.rst_storm.min_rate = 100;
  EXPECT_TRUE(run_outrsts(test::quiet_then_burst(50, 0, 10, 99), config).empty());
  config.rst_storm.min_rate = 1;
  config.rst_storm.ratio = 1.5;
  // 30/s after 50 s at 10/s: the minute averages 13.3/s, a ratio of 2.25.
  EXPECT_EQ(run_outrsts(test::quiet_then_burst(50, 10, 10, 30), config).size(), 1u);
}

TEST(RstStormDetector, SteadyRateIsQuiet) {
  EXPECT_TRUE(run_outrsts(std::vector<int64_t>(120, 500)).empty());
}

TEST(RstStormDetector, NoBaselineBeforeTheHistoryOutgrowsTheShortWindow) {
  // Eight seconds of history: the "minute" would be the same eight seconds.
  EXPECT_TRUE(run_outrsts(test::quiet_then_burst(3, 0, 5, 1000)).empty());
  DetectorsConfig config;
  config.rst_storm.ratio = 1;
  EXPECT_TRUE(run_outrsts(test::quiet_then_burst(3, 0, 5, 1000), config).empty());
}

TEST(RstStormDetector, PartialMinuteUsesTheHistoryItHas) {
  // 25 s of history, the last 5 at 100/s: 50/s over 10 s against 20/s over 25 s.
  EXPECT_TRUE(run_outrsts(test::quiet_then_burst(20, 0, 5, 100)).empty());
  DetectorsConfig config;
  config.rst_storm.ratio = 2.5;
  auto found = run_outrsts(test::quiet_then_burst(20, 0, 5, 100), config);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_DOUBLE_EQ(found[0].evidence["counters"][0]["window_1m_s"].get<double>(), 25.0);
  EXPECT_DOUBLE_EQ(found[0].evidence["counters"][0]["rate_1m_per_s"].get<double>(), 20.0);
}

TEST(RstStormDetector, UnknownDeltaInTheWindowSkipsTheCounter) {
  // A counter reset (e.g. a new namespace) leaves an unknown delta: no rate is guessed.
  std::vector<int64_t> deltas = test::quiet_then_burst(50, 0, 10, 50);
  deltas[55] = -1;
  EXPECT_TRUE(run_outrsts(deltas).empty());
}

TEST(RstStormDetector, ListsEveryQualifyingCounter) {
  History history = history_of({
      {"Tcp.OutRsts", test::quiet_then_burst(50, 0, 10, 20)},
      {"Tcp.EstabResets", test::quiet_then_burst(50, 0, 10, 40)},
      {"TcpExt.TCPAbortOnClose", test::quiet_then_burst(50, 30, 10, 30)},  // steady
      {"TcpExt.TCPAbortOnData", test::quiet_then_burst(50, 0, 10, 5)},     // too slow
      {"Tcp.RetransSegs", test::quiet_then_burst(50, 0, 10, 1000)},        // not a reset counter
  });
  auto found = run(&history);
  ASSERT_EQ(found.size(), 1u);
  const auto& counters = found[0].evidence["counters"];
  ASSERT_EQ(counters.size(), 2u);
  EXPECT_EQ(counters[0]["counter"], "Tcp.OutRsts");
  EXPECT_EQ(counters[1]["counter"], "Tcp.EstabResets");
  EXPECT_EQ(found[0].summary,
            "TCP reset surge: Tcp.EstabResets at 40.0/s over 10s against 6.7/s over 60s (also Tcp.OutRsts)");
}

TEST(RstStormDetector, Disabled) {
  DetectorsConfig config;
  config.rst_storm.enabled = false;
  EXPECT_TRUE(run_outrsts(test::quiet_then_burst(50, 0, 10, 100), config).empty());
}

TEST(RstStormDetector, IdStableAsRatesChange) {
  EXPECT_EQ(run_outrsts(test::quiet_then_burst(50, 0, 10, 20)).at(0).id,
            run_outrsts(test::quiet_then_burst(50, 1, 10, 300)).at(0).id);
}

}  // namespace

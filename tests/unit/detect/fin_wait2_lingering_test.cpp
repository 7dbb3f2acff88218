#include <gtest/gtest.h>

#include <optional>

#include "../track/track_fixtures.h"
#include "detect/detector_fns.h"
#include "host_fixtures.h"

namespace {

using namespace sockscope;

constexpr uint64_t kClientInode = 4242;

// `orphaned` FIN_WAIT2 sockets a closed client left towards 10.0.0.2:80,
// plus `held` ones a process still holds (it called shutdown) towards 10.0.0.3:443.
Snapshot fin_wait2(int orphaned, int held = 0) {
  Snapshot snap;
  test::add_many(snap, orphaned, TcpState::FinWait2, "10.0.0.1", 40000, "10.0.0.2", 80, 1, true);
  test::add_many(snap, held, TcpState::FinWait2, "10.0.0.1", 50000, "10.0.0.3", 443, 1000, true, kClientInode);
  snap.system.sysctls.tcp_fin_timeout = 60;
  return snap;
}

DetectorsConfig counting(int64_t warning_count, double max_age_s = 300) {
  DetectorsConfig config;
  config.fin_wait2_lingering.warning_count = warning_count;
  config.fin_wait2_lingering.max_age_s = max_age_s;
  return config;
}

std::vector<Finding> run(const Snapshot& snap, const DetectorsConfig& config) {
  return test::run_detector(detect_fin_wait2_lingering, snap, config);
}

// The same sockets seen first at poll 0 and again `seconds` later.
std::vector<Finding> run_aged(const Snapshot& snap, const DetectorsConfig& config, int seconds) {
  Tracker tracker;
  History history(16);
  tracker.update(snap, test::poll_time(0));
  tracker.update(snap, test::poll_time(seconds));
  return test::run_detector(detect_fin_wait2_lingering, snap, config, &tracker, &history, test::poll_time(seconds));
}

TEST(FinWait2LingeringDetector, JustBelowWarningCountIsQuiet) { EXPECT_TRUE(run(fin_wait2(2), counting(3)).empty()); }

TEST(FinWait2LingeringDetector, WarningAtWarningCount) {
  auto found = run(fin_wait2(2, 1), counting(3));
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.kind, "fin_wait2_lingering");
  EXPECT_EQ(f.id, "fin_wait2_lingering:host");
  EXPECT_EQ(f.subject, "host");
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_EQ(f.evidence["count"], 3);
  EXPECT_EQ(f.evidence["orphaned"], 2);
  EXPECT_EQ(f.evidence["held"], 1);
  EXPECT_EQ(f.evidence["tcp_fin_timeout"], 60);
  EXPECT_TRUE(f.evidence["oldest_age_s"].is_null());        // direct mode: no ages
  EXPECT_TRUE(f.evidence["older_than_max_age"].is_null());
  ASSERT_EQ(f.evidence["top_peers"].size(), 2u);
  EXPECT_EQ(f.evidence["top_peers"][0]["address"], "10.0.0.2");
  EXPECT_EQ(f.evidence["top_peers"][0]["count"], 2);
  EXPECT_EQ(f.evidence["top_peers"][1]["address"], "10.0.0.3");
  EXPECT_EQ(f.summary, "3 FIN_WAIT2 sockets (2 orphaned)");
  EXPECT_EQ(f.sockets, (std::vector<uint64_t>{1, 2, 1000}));
  EXPECT_FALSE(f.advice.empty());
}

TEST(FinWait2LingeringDetector, DefaultCount) {
  DetectorsConfig config;
  EXPECT_TRUE(run(fin_wait2(999), config).empty());
  EXPECT_EQ(run(fin_wait2(1000), config).size(), 1u);
}

TEST(FinWait2LingeringDetector, ZeroCountTurnsTheCountOff) { EXPECT_TRUE(run(fin_wait2(50), counting(0)).empty()); }

TEST(FinWait2LingeringDetector, OldSocketsNeedTheTracker) {
  // One held socket, far below the count, older than max_age_s: only the daemon knows.
  EXPECT_TRUE(run(fin_wait2(0, 1), counting(100, 300)).empty());
  EXPECT_TRUE(run_aged(fin_wait2(0, 1), counting(100, 300), 299).empty());
  auto found = run_aged(fin_wait2(0, 1), counting(100, 300), 300);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_DOUBLE_EQ(found[0].evidence["oldest_age_s"].get<double>(), 300.0);
  EXPECT_EQ(found[0].evidence["older_than_max_age"], 1);
  EXPECT_EQ(found[0].evidence["max_age_s"], 300.0);
  EXPECT_EQ(found[0].summary, "1 FIN_WAIT2 sockets (0 orphaned), oldest 5m; 1 in FIN_WAIT2 for 5m or longer");
}

TEST(FinWait2LingeringDetector, CountFindingCarriesAgesWithTheTracker) {
  auto found = run_aged(fin_wait2(4), counting(3, 300), 90);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_DOUBLE_EQ(found[0].evidence["oldest_age_s"].get<double>(), 90.0);
  EXPECT_EQ(found[0].evidence["older_than_max_age"], 0);
  EXPECT_EQ(found[0].summary, "4 FIN_WAIT2 sockets (4 orphaned), oldest 90s");
}

TEST(FinWait2LingeringDetector, OtherStatesDoNotCount) {
  Snapshot snap = fin_wait2(2);
  test::add_many(snap, 5, TcpState::FinWait1, "10.0.0.1", 41000, "10.0.0.2", 80, 100, true);
  test::add_many(snap, 5, TcpState::TimeWait, "10.0.0.1", 42000, "10.0.0.2", 80, 200, true);
  snap.sockets.push_back(test::record(Proto::Udp, TcpState::FinWait2, "10.0.0.1", 53, "10.0.0.9", 53));
  EXPECT_TRUE(run(snap, counting(3)).empty());
}

TEST(FinWait2LingeringDetector, UnknownFinTimeoutIsNull) {
  Snapshot snap = fin_wait2(3);
  snap.system.sysctls.tcp_fin_timeout.reset();
  auto found = run(snap, counting(3));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].evidence["tcp_fin_timeout"].is_null());
}

TEST(FinWait2LingeringDetector, Disabled) {
  DetectorsConfig config = counting(1, 1);
  config.fin_wait2_lingering.enabled = false;
  EXPECT_TRUE(run_aged(fin_wait2(5, 5), config, 100).empty());
}

TEST(FinWait2LingeringDetector, IdStableAcrossPolls) {
  EXPECT_EQ(run(fin_wait2(3), counting(3)).at(0).id, run_aged(fin_wait2(1, 9), counting(3), 500).at(0).id);
}

}  // namespace

#include <gtest/gtest.h>

#include "../track/track_fixtures.h"
#include "detect/detector_fns.h"
#include "host_fixtures.h"

namespace {

using namespace sockscope;

// `count` CLOSING sockets of a server on 10.0.0.1:443, held by a process, towards one client address.
Snapshot closing(int count) {
  Snapshot snap;
  test::add_many(snap, count, TcpState::Closing, "10.0.0.1", 443, "192.0.2.9", 30000, 1, false, 99);
  snap.system.sysctls.tcp_retries2 = 15;
  snap.system.sysctls.tcp_fin_timeout = 60;
  return snap;
}

std::vector<Finding> run(const Snapshot& snap, const DetectorsConfig& config = {}) {
  return test::run_detector(detect_closing_lingering, snap, config);
}

std::vector<Finding> run_aged(const Snapshot& snap, const DetectorsConfig& config, int seconds) {
  Tracker tracker;
  History history(16);
  tracker.update(snap, test::poll_time(0));
  tracker.update(snap, test::poll_time(seconds));
  return test::run_detector(detect_closing_lingering, snap, config, &tracker, &history, test::poll_time(seconds));
}

TEST(ClosingLingeringDetector, DefaultCountEdge) {
  // closing_lingering defaults: 100 sockets, 60 s.
  EXPECT_TRUE(run(closing(99)).empty());
  auto found = run(closing(100));
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.kind, "closing_lingering");
  EXPECT_EQ(f.id, "closing_lingering:host");
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_EQ(f.evidence["count"], 100);
  EXPECT_EQ(f.evidence["orphaned"], 0);
  EXPECT_EQ(f.evidence["held"], 100);
  EXPECT_EQ(f.evidence["tcp_retries2"], 15);
  EXPECT_FALSE(f.evidence.contains("tcp_fin_timeout"));  // CLOSING is not bounded by it
  EXPECT_EQ(f.evidence["top_peers"][0]["address"], "192.0.2.9");
  EXPECT_EQ(f.evidence["top_peers"][0]["count"], 100);
  EXPECT_EQ(f.summary, "100 CLOSING sockets (0 orphaned)");
  EXPECT_EQ(f.sockets.size(), 100u);
}

TEST(ClosingLingeringDetector, DefaultAgeEdge) {
  EXPECT_TRUE(run_aged(closing(1), {}, 59).empty());
  auto found = run_aged(closing(1), {}, 60);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence["older_than_max_age"], 1);
  EXPECT_DOUBLE_EQ(found[0].evidence["oldest_age_s"].get<double>(), 60.0);
  EXPECT_EQ(found[0].summary, "1 CLOSING sockets (0 orphaned), oldest 60s; 1 in CLOSING for 60s or longer");
}

TEST(ClosingLingeringDetector, AgeIsSkippedInDirectMode) {
  DetectorsConfig config;
  config.closing_lingering.max_age_s = 0.001;
  EXPECT_TRUE(run(closing(5), config).empty());
}

TEST(ClosingLingeringDetector, ZeroMaxAgeTurnsTheAgeOff) {
  DetectorsConfig config;
  config.closing_lingering.max_age_s = 0;
  EXPECT_TRUE(run_aged(closing(5), config, 10000).empty());
}

TEST(ClosingLingeringDetector, UsesItsOwnSection) {
  // fin_wait2_lingering's thresholds do not apply here.
  DetectorsConfig config;
  config.fin_wait2_lingering.warning_count = 1;
  EXPECT_TRUE(run(closing(5), config).empty());
  config.closing_lingering.warning_count = 5;
  EXPECT_EQ(run(closing(5), config).size(), 1u);
}

TEST(ClosingLingeringDetector, UnknownRetriesIsNull) {
  Snapshot snap = closing(100);
  snap.system.sysctls.tcp_retries2.reset();
  EXPECT_TRUE(run(snap).at(0).evidence["tcp_retries2"].is_null());
}

TEST(ClosingLingeringDetector, Disabled) {
  DetectorsConfig config;
  config.closing_lingering.enabled = false;
  EXPECT_TRUE(run_aged(closing(500), config, 1000).empty());
}

}  // namespace

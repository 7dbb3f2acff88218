#include <gtest/gtest.h>

#include <optional>

#include "detect/detector_fns.h"
#include "host_fixtures.h"

namespace {

using namespace sockscope;

Snapshot orphans(std::optional<int64_t> count, std::optional<int64_t> limit = 100) {
  Snapshot snap;
  if (count) snap.system.sockstat.lines["TCP"] = {{"inuse", 10}, {"orphan", *count}, {"tw", 0}};
  snap.system.sysctls.tcp_max_orphans = limit;
  return snap;
}

std::vector<Finding> run(const Snapshot& snap, const DetectorsConfig& config = {}) {
  return test::run_detector(detect_orphans, snap, config);
}

TEST(OrphansDetector, JustBelowWarningPctIsQuiet) { EXPECT_TRUE(run(orphans(24)).empty()); }

TEST(OrphansDetector, WarningAtWarningPct) {
  auto found = run(orphans(25));
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.kind, "orphans");
  EXPECT_EQ(f.id, "orphans:host");
  EXPECT_EQ(f.subject, "host");
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_EQ(f.evidence["orphans"], 25);
  EXPECT_EQ(f.evidence["limit"], 100);
  EXPECT_DOUBLE_EQ(f.evidence["used_pct"].get<double>(), 25.0);
  EXPECT_EQ(f.evidence["max_memory_bytes"], 25 * 65536);
  EXPECT_EQ(f.summary, "25 orphaned TCP sockets, 25% of tcp_max_orphans (100)");
  EXPECT_FALSE(f.advice.empty());
}

TEST(OrphansDetector, CriticalAtCriticalPct) {
  EXPECT_EQ(run(orphans(49)).at(0).severity, Severity::Warning);
  EXPECT_EQ(run(orphans(50)).at(0).severity, Severity::Critical);
}

TEST(OrphansDetector, UnknownLimitIsQuiet) {
  // Inside a network namespace tcp_max_orphans cannot be read.
  EXPECT_TRUE(run(orphans(5000, std::nullopt)).empty());
  EXPECT_TRUE(run(orphans(5000, 0)).empty());
}

TEST(OrphansDetector, UnknownCountIsQuiet) { EXPECT_TRUE(run(orphans(std::nullopt)).empty()); }

TEST(OrphansDetector, Disabled) {
  DetectorsConfig config;
  config.orphans.enabled = false;
  EXPECT_TRUE(run(orphans(90), config).empty());
}

TEST(OrphansDetector, ListsTheDumpsOrphansByState) {
  Snapshot snap = orphans(30);
  test::add_many(snap, 2, TcpState::FinWait1, "10.0.0.1", 80, "10.0.0.2", 5000, 10);
  test::add_many(snap, 3, TcpState::FinWait2, "10.0.0.1", 80, "10.0.0.2", 6000, 20);
  test::add_many(snap, 1, TcpState::Closing, "10.0.0.1", 80, "10.0.0.2", 7000, 30);
  test::add_many(snap, 4, TcpState::LastAck, "10.0.0.1", 80, "10.0.0.2", 8000, 40);
  // Not orphans: held by a process, or states that never count as orphans.
  test::add_many(snap, 5, TcpState::FinWait1, "10.0.0.1", 80, "10.0.0.3", 5000, 50, false, 777);
  test::add_many(snap, 5, TcpState::TimeWait, "10.0.0.1", 80, "10.0.0.3", 6000, 60);
  test::add_many(snap, 5, TcpState::NewSynRecv, "10.0.0.1", 80, "10.0.0.3", 7000, 70);
  auto found = run(snap);
  ASSERT_EQ(found.size(), 1u);
  const auto& by_state = found[0].evidence["in_dump_by_state"];
  EXPECT_EQ(by_state["FIN_WAIT1"], 2);
  EXPECT_EQ(by_state["FIN_WAIT2"], 3);
  EXPECT_EQ(by_state["CLOSING"], 1);
  EXPECT_EQ(by_state["LAST_ACK"], 4);
  EXPECT_EQ(found[0].sockets, (std::vector<uint64_t>{10, 11, 20, 21, 22, 30, 40, 41, 42, 43}));
}

TEST(OrphansDetector, AbortOnMemoryCounterWhenKnown) {
  Snapshot snap = orphans(60);
  EXPECT_TRUE(run(snap).at(0).evidence["abort_on_memory_total"].is_null());
  snap.system.counters.values["TcpExt.TCPAbortOnMemory"] = 17;
  EXPECT_EQ(run(snap).at(0).evidence["abort_on_memory_total"], 17);
}

TEST(OrphansDetector, IdStableAsCountChanges) {
  EXPECT_EQ(run(orphans(30)).at(0).id, run(orphans(80)).at(0).id);
}

}  // namespace

#include <gtest/gtest.h>

#include <optional>

#include "detect/detector_fns.h"
#include "host_fixtures.h"

namespace {

using namespace sockscope;

constexpr Triple kTcpMem{100, 200, 400};  // pages: min, pressure, max

Snapshot memory(std::optional<int64_t> pages, std::optional<Triple> tcp_mem = kTcpMem) {
  Snapshot snap;
  if (pages) snap.system.sockstat.lines["TCP"] = {{"inuse", 10}, {"orphan", 0}, {"mem", *pages}};
  snap.system.sysctls.tcp_mem = tcp_mem;
  snap.system.sysctls.page_size = 4096;
  return snap;
}

std::vector<Finding> run(const Snapshot& snap, const DetectorsConfig& config = {}, const History* history = nullptr) {
  Tracker tracker;
  return test::run_detector(detect_tcp_memory_pressure, snap, config, history ? &tracker : nullptr, history);
}

TEST(TcpMemoryPressureDetector, AtPressureIsQuiet) {
  // The kernel enters pressure mode only above the pressure value.
  EXPECT_TRUE(run(memory(200)).empty());
  EXPECT_TRUE(run(memory(150)).empty());
}

TEST(TcpMemoryPressureDetector, WarningAbovePressure) {
  auto found = run(memory(201));
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.kind, "tcp_memory_pressure");
  EXPECT_EQ(f.id, "tcp_memory_pressure:host");
  EXPECT_EQ(f.subject, "host");
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_EQ(f.evidence["mem_pages"], 201);
  EXPECT_EQ(f.evidence["mem_bytes"], 201 * 4096);
  EXPECT_EQ(f.evidence["page_size"], 4096);
  EXPECT_EQ(f.evidence["tcp_mem_min_pages"], 100);
  EXPECT_EQ(f.evidence["tcp_mem_pressure_pages"], 200);
  EXPECT_EQ(f.evidence["tcp_mem_max_pages"], 400);
  EXPECT_EQ(f.evidence["tcp_mem_pressure_bytes"], 200 * 4096);
  EXPECT_EQ(f.evidence["tcp_mem_max_bytes"], 400 * 4096);
  EXPECT_DOUBLE_EQ(f.evidence["used_pct"].get<double>(), 50.3);
  EXPECT_TRUE(f.evidence["pressure_entries_1m"].is_null());  // direct mode
  EXPECT_EQ(f.summary, "TCP holds 201 pages (0.8 MiB), above tcp_mem pressure (200)");
  EXPECT_TRUE(f.sockets.empty());
}

TEST(TcpMemoryPressureDetector, CriticalAtCriticalPctOfMax) {
  EXPECT_EQ(run(memory(359)).at(0).severity, Severity::Warning);
  auto found = run(memory(360));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Critical);
  EXPECT_EQ(found[0].summary, "TCP holds 360 pages (1.4 MiB), 90% of tcp_mem max (400)");
}

TEST(TcpMemoryPressureDetector, CriticalPctIsConfigurable) {
  DetectorsConfig config;
  config.tcp_memory_pressure.critical_pct = 60;
  EXPECT_EQ(run(memory(239), config).at(0).severity, Severity::Warning);
  EXPECT_EQ(run(memory(240), config).at(0).severity, Severity::Critical);
}

TEST(TcpMemoryPressureDetector, PageSizeScalesBytes) {
  Snapshot snap = memory(300);
  snap.system.sysctls.page_size = 65536;
  auto found = run(snap);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence["mem_bytes"], 300 * 65536);
  EXPECT_EQ(found[0].evidence["tcp_mem_min_bytes"], 100 * 65536);
}

TEST(TcpMemoryPressureDetector, UnknownLimitsAreQuietInDirectMode) {
  EXPECT_TRUE(run(memory(100000, std::nullopt)).empty());
  EXPECT_TRUE(run(memory(std::nullopt)).empty());
}

TEST(TcpMemoryPressureDetector, PressureEntriesInTheLastMinuteWarn) {
  // No limits known (as in a network namespace); the kernel's counter still tells.
  History history = test::history_of("TcpExt.TCPMemoryPressures", test::quiet_then_burst(30, 0, 1, 2));
  auto found = run(memory(150, std::nullopt), {}, &history);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_EQ(found[0].evidence["pressure_entries_1m"], 2);
  EXPECT_TRUE(found[0].evidence["tcp_mem_max_pages"].is_null());
  EXPECT_TRUE(found[0].evidence["used_pct"].is_null());
  EXPECT_EQ(found[0].summary, "TCP holds 150 pages (0.6 MiB); entered memory pressure 2 times in the last minute");
}

TEST(TcpMemoryPressureDetector, PressureEntriesOlderThanAMinuteAreForgotten) {
  // Entered at second 10; the minute before second 80 starts at second 20.
  std::vector<int64_t> deltas(81, 0);
  deltas[10] = 1;
  History history = test::history_of("TcpExt.TCPMemoryPressures", deltas);
  EXPECT_TRUE(run(memory(150), {}, &history).empty());
  deltas[21] = 1;
  History recent = test::history_of("TcpExt.TCPMemoryPressures", deltas);
  EXPECT_EQ(run(memory(150), {}, &recent).size(), 1u);
}

TEST(TcpMemoryPressureDetector, QuietHistoryReportsZeroEntries) {
  History history = test::history_of("TcpExt.TCPMemoryPressures", std::vector<int64_t>(20, 0));
  EXPECT_TRUE(run(memory(150), {}, &history).empty());
  auto found = run(memory(250), {}, &history);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence["pressure_entries_1m"], 0);
}

TEST(TcpMemoryPressureDetector, Disabled) {
  DetectorsConfig config;
  config.tcp_memory_pressure.enabled = false;
  EXPECT_TRUE(run(memory(399), config).empty());
}

TEST(TcpMemoryPressureDetector, IdStableAcrossSeverities) {
  EXPECT_EQ(run(memory(250)).at(0).id, run(memory(390)).at(0).id);
}

}  // namespace

// tcp_memory_pressure against the kernel: real data queued on connections
// whose receivers do not read raises sockstat's TCP pages (a host-wide
// figure). tcp_mem is host-only, so the test stands in limits with
// adjust_system(), placed around the pages it queued itself.
#include <gtest/gtest.h>

#include <chrono>

#include "detect/detector_fns.h"
#include "detect_harness.h"
#include "host_scenarios.h"

namespace sockscope::testing {
namespace {

class TcpMemoryPressureTest : public NetnsTest {};

constexpr int kConnections = 8;

TEST_F(TcpMemoryPressureTest, QueuedDataAgainstTcpMem) {
  DetectorsConfig config;
  config.tcp_memory_pressure.critical_pct = 80;  // room for other activity on the host
  DetectHarness harness;
  EXPECT_TRUE(harness.poll(detect_tcp_memory_pressure, config).empty());  // no tcp_mem in a namespace
  const int64_t base = harness.snapshot().system.sockstat.get("TCP", "mem").value();
  const int64_t page_size = harness.snapshot().system.sysctls.page_size;

  std::vector<TcpConn> conns;
  int64_t queued = 0;
  for (int i = 0; i < kConnections; ++i) {
    conns.push_back(established(Ip::V4));
    queued += fill_until_blocked(conns.back());
  }
  const int64_t pages = queued / page_size;
  ASSERT_GT(pages, 1000) << "queued only " << queued << " bytes";

  // Above pressure, far below max: a warning.
  Triple roomy{base + pages / 8, base + pages / 4, base + pages * 4};
  harness.adjust_system([roomy](SystemView& system) { system.sysctls.tcp_mem = roomy; });
  auto found = harness.poll(detect_tcp_memory_pressure, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].id, "tcp_memory_pressure:host");
  EXPECT_EQ(found[0].severity, Severity::Warning);
  const int64_t mem = found[0].evidence["mem_pages"].get<int64_t>();
  EXPECT_GE(mem, base + pages / 2);
  EXPECT_EQ(found[0].evidence["mem_bytes"], mem * page_size);
  EXPECT_EQ(found[0].evidence["tcp_mem_pressure_pages"], roomy.def);
  EXPECT_EQ(found[0].evidence["pressure_entries_1m"], 0);

  // The same pages against a max they fill: critical.
  Triple tight{base + pages / 8, base + pages / 4, base + pages};
  harness.adjust_system([tight](SystemView& system) { system.sysctls.tcp_mem = tight; });
  found = harness.poll(detect_tcp_memory_pressure, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].severity, Severity::Critical);
  EXPECT_GE(found[0].evidence["used_pct"].get<double>(), 80.0);

  // Closing the connections frees the pages: back below pressure.
  conns.clear();
  EXPECT_TRUE(wait_until([&] { return harness.poll(detect_tcp_memory_pressure, config).empty(); },
                         std::chrono::milliseconds(3000)));
}

}  // namespace
}  // namespace sockscope::testing

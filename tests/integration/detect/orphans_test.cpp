// orphans against the kernel: connections whose FIN is lost, closed by
// their process, so the kernel keeps them as orphans in FIN_WAIT1. The
// orphan count is the host's; tcp_max_orphans is host-only, so the test
// stands in a small limit with adjust_system().
#include <gtest/gtest.h>

#include "detect/detector_fns.h"
#include "detect_harness.h"
#include "host_scenarios.h"

namespace sockscope::testing {
namespace {

class OrphansTest : public NetnsTest {};

constexpr int kOrphans = 4;
constexpr int64_t kLimit = 8;  // four orphans are half of it: critical

TEST_F(OrphansTest, OrphansFinishingTheirCloseAgainstTheLimit) {
  DetectorsConfig config;  // warning at 25 %, critical at 50 %
  Firewall fw;
  DetectHarness harness;
  harness.adjust_system([](SystemView& system) { system.sysctls.tcp_max_orphans = kLimit; });
  auto before = harness.poll(detect_orphans, config);
  // The count is host-wide: only a host without orphans of its own is sure to be quiet.
  if (harness.snapshot().system.sockstat.get("TCP", "orphan").value_or(0) == 0) {
    EXPECT_TRUE(before.empty()) << describe(before);
  }

  std::vector<TcpConn> conns;
  for (int i = 0; i < kOrphans; ++i) conns.push_back(fin_wait1(Ip::V4, fw));
  for (TcpConn& c : conns) c.client.reset();  // orphaned, its FIN still unacknowledged
  auto found = harness.poll(detect_orphans, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].id, "orphans:host");
  EXPECT_EQ(found[0].severity, Severity::Critical);
  EXPECT_GE(found[0].evidence["orphans"].get<int64_t>(), kOrphans);
  EXPECT_EQ(found[0].evidence["limit"], kLimit);
  EXPECT_GE(found[0].evidence["used_pct"].get<double>(), 50.0);
  EXPECT_EQ(found[0].evidence["in_dump_by_state"]["FIN_WAIT1"], kOrphans);  // this namespace's
  EXPECT_EQ(found[0].evidence["in_dump_by_state"]["LAST_ACK"], 0);
  EXPECT_EQ(found[0].sockets.size(), static_cast<size_t>(kOrphans));
}

TEST_F(OrphansTest, QuietWithoutTheHostOnlyLimit) {
  // A network namespace cannot read tcp_max_orphans: nothing to judge against.
  DetectorsConfig config;
  Firewall fw;
  DetectHarness harness;
  TcpConn c = fin_wait1(Ip::V4, fw);
  c.client.reset();
  auto found = harness.poll(detect_orphans, config);
  EXPECT_FALSE(harness.snapshot().system.sysctls.tcp_max_orphans.has_value());
  EXPECT_TRUE(found.empty()) << describe(found);
}

}  // namespace
}  // namespace sockscope::testing

#include "collect/owner_scan.h"

#include <gtest/gtest.h>

#include <vector>

#include "../synthetic.h"

namespace sockscope {
namespace {

using test::owners_index;
using test::record;

class OwnerScanTest : public ::testing::Test {
 protected:
  OwnerScanPolicy policy{.rescan_s = 5, .refresh_s = 60};
  ProcessIndex index = owners_index({{111, {{10, "nginx", 3}}}});
  std::vector<SocketRecord> owned = {record(Proto::Tcp, TcpState::Listen, "0.0.0.0", 80, "0.0.0.0", 0, 111)};
  std::vector<SocketRecord> with_new = {record(Proto::Tcp, TcpState::Listen, "0.0.0.0", 80, "0.0.0.0", 0, 111),
                                        record(Proto::Tcp, TcpState::Listen, "0.0.0.0", 81, "0.0.0.0", 0, 112)};
  // TIME_WAIT and request sockets carry inode 0: nobody can own them.
  std::vector<SocketRecord> unownable = {record(Proto::Tcp, TcpState::TimeWait, "10.0.0.1", 80, "10.0.0.2", 5, 0)};
};

TEST_F(OwnerScanTest, FirstPollAlwaysScans) { EXPECT_TRUE(owner_scan_due(policy, false, 0, owned, ProcessIndex{})); }

TEST_F(OwnerScanTest, KnownOwnersWaitForTheRefresh) {
  EXPECT_FALSE(owner_scan_due(policy, true, 30, owned, index));
  EXPECT_FALSE(owner_scan_due(policy, true, 59.9, owned, index));
  EXPECT_TRUE(owner_scan_due(policy, true, 60, owned, index));
}

TEST_F(OwnerScanTest, AnUnknownInodeScansOnceTheRescanIntervalPassed) {
  EXPECT_FALSE(owner_scan_due(policy, true, 4.9, with_new, index));
  EXPECT_TRUE(owner_scan_due(policy, true, 5, with_new, index));
}

TEST_F(OwnerScanTest, SocketsWithoutInodeNeverAskForAScan) {
  EXPECT_FALSE(owner_scan_due(policy, true, 30, unownable, index));
}

TEST_F(OwnerScanTest, ZeroRescanScansEveryPollWhileSomethingIsUnknown) {
  policy.rescan_s = 0;
  EXPECT_TRUE(owner_scan_due(policy, true, 0, with_new, index));
  EXPECT_FALSE(owner_scan_due(policy, true, 0, owned, index));
}

}  // namespace
}  // namespace sockscope

// `watch --interval` below the daemon's minimum is a usage error naming the
// value, before anything polls: a tiny interval must neither stop watch
// after one refresh nor make it poll back to back.
#include <gtest/gtest.h>

#include "cli_run.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;

void expect_interval_refused(const std::string& value) {
  SCOPED_TRACE(value);
  // --count 3: a value that slipped through would print blocks (or hang).
  CliOutcome run = run_cli("--socket /nonexistent/sockscope.sock watch --direct --interval " + value + " --count 3", 10s);
  EXPECT_EQ(run.status, 2) << run.stderr_text;
  EXPECT_TRUE(run.stdout_text.empty()) << run.stdout_text;
  EXPECT_EQ(run.stderr_text, "sockscope: bad --interval '" + value + "' (expected seconds, from 0.05 to 3600)\n");
}

TEST(WatchIntervalUsage, BelowTheMinimumIsRefused) {
  expect_interval_refused("1e-10");
  expect_interval_refused("1e-9");
  expect_interval_refused("0.01");
}

TEST(WatchIntervalUsage, OutOfRangeNamesTheBounds) {
  expect_interval_refused("0");
  expect_interval_refused("3601");
}

}  // namespace
}  // namespace sockscope::testing

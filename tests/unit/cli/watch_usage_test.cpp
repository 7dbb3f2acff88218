// `sockscope watch` with a bad flag: one line on stderr naming the bad value,
// exit 2, nothing on stdout, and no poll or daemon connection first.
#include <gtest/gtest.h>

#include <string>

#include "cli_run.h"

namespace sockscope::testing {
namespace {

// A socket path nobody listens on: a flag that slipped through would fall back
// to a direct poll rather than reach a daemon. stdout is a pipe here, so watch
// would run in plain mode.
CliOutcome run_watch(const std::string& args) {
  return run_cli("--socket /nonexistent/sockscope.sock watch " + args);
}

class WatchUsageErrors : public ::testing::TestWithParam<BadArgs> {};

TEST_P(WatchUsageErrors, OneLineNamingTheValueAndStatusTwo) {
  const BadArgs& bad = GetParam();
  SCOPED_TRACE(bad.args);
  expect_usage_error(run_watch(bad.args), bad.named);
}

INSTANTIATE_TEST_SUITE_P(
    Watch, WatchUsageErrors,
    ::testing::Values(BadArgs{"--interval 0", "--interval '0'"},
                      BadArgs{"--interval=-1", "--interval '-1'"},
                      BadArgs{"--interval 3601", "--interval '3601'"},
                      BadArgs{"--interval 1s", "--interval '1s'"},
                      BadArgs{"--interval nan", "--interval 'nan'"},
                      BadArgs{"--interval ''", "--interval ''"},
                      BadArgs{"--count 0", "--count '0'"},
                      BadArgs{"--count 2.5", "--count '2.5'"},
                      BadArgs{"--count=-3", "--count '-3'"},
                      BadArgs{"--sort size", "--sort 'size'"},
                      BadArgs{"--sort ''", "--sort ''"},
                      BadArgs{"--filter 'state close-wiat'", "close-wiat"},
                      BadArgs{"--filter 'sport 70000'", "70000"},
                      BadArgs{"--filter 'colour blue'", "colour"},
                      BadArgs{"--filter 'sport'", "sport"},
                      BadArgs{"--direct --interval 0", "--interval '0'"},
                      BadArgs{"--json", "--json"},
                      BadArgs{"--config /nonexistent/sockscoped.toml", "/nonexistent/sockscoped.toml"},
                      BadArgs{"--colour", "--colour"},
                      BadArgs{"extra", "extra"}));

TEST(WatchUsage, HelpListsTheFlags) {
  CliOutcome out = run_watch("--help");
  EXPECT_EQ(out.status, 0);
  for (const char* flag : {"--interval", "--count", "--no-color", "--filter", "--sort"}) {
    EXPECT_NE(out.stdout_text.find(flag), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace sockscope::testing

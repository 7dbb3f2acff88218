// Every bad command line gets one line on stderr naming the bad value, exit 2,
// and nothing on stdout. None of these reach the kernel, so no privilege is needed.
#include <gtest/gtest.h>

#include "cli_run.h"

namespace sockscope::testing {
namespace {

class UsageErrors : public ::testing::TestWithParam<BadArgs> {};

TEST_P(UsageErrors, OneLineNamingTheValueAndStatusTwo) {
  const BadArgs& bad = GetParam();
  SCOPED_TRACE(bad.args);
  expect_usage_error(run_cli(bad.args), bad.named);
}

INSTANTIATE_TEST_SUITE_P(
    Cli, UsageErrors,
    ::testing::Values(BadArgs{"sockets --state close-wiat", "close-wiat"},
                      BadArgs{"sockets --state ''", "''"},
                      BadArgs{"sockets --sport 65536", "65536"},
                      BadArgs{"sockets --sport -1", "-1"},
                      BadArgs{"sockets --dport http", "http"},
                      BadArgs{"sockets --src 10.0.0.0/33", "33"},
                      BadArgs{"sockets --dst ::1/129", "129"},
                      BadArgs{"sockets --src 300.1.2.3", "300.1.2.3"},
                      BadArgs{"sockets --dst 10.0.0.0/x", "10.0.0.0/x"},
                      BadArgs{"sockets --process ''", "''"},
                      BadArgs{"sockets --sort age2", "age2"},
                      BadArgs{"sockets --bogus", "--bogus"},
                      BadArgs{"frobnicate", "frobnicate"},
                      BadArgs{"status extra", "extra"},
                      BadArgs{"sockets --sort age --direct", "--sort age"},
                      BadArgs{"--direct sockets --sort AGE", "--sort age"},
                      BadArgs{"history --seconds soon", "soon"},
                      BadArgs{"history --seconds 0", "'0'"},
                      BadArgs{"history --seconds -5", "-5"},
                      BadArgs{"history --seconds 1e999", "1e999"},
                      BadArgs{"history --direct", "--direct"},
                      BadArgs{"history extra", "extra"},
                      BadArgs{"findings --config /nonexistent/sockscoped.toml", "/nonexistent/sockscoped.toml"},
                      BadArgs{"--config " SOCKSCOPE_TEST_DATA "/config/bad-threshold.toml",
                               "detectors.orphans.warning_pct"},
                      BadArgs{"explain --cookie 1 --config " SOCKSCOPE_TEST_DATA "/config/bad-threshold.toml",
                               "bad-threshold.toml:3"},
                      BadArgs{"findings extra", "extra"}));

}  // namespace
}  // namespace sockscope::testing

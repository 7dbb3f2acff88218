// Running the sockscope CLI from the unit tests, and the shape every usage
// error must have.
#pragma once

#include <chrono>
#include <string>

namespace sockscope::testing {

struct CliOutcome {
  int status = -1;  // -1: did not exit normally (killed at the deadline, say)
  std::string stdout_text;
  std::string stderr_text;
};

// `sockscope <args>` through /bin/sh (so `args` may quote), with stdin empty
// and both outputs captured; killed after `deadline`, so a command that
// hangs fails its test instead of hanging it.
CliOutcome run_cli(const std::string& args, std::chrono::seconds deadline = std::chrono::seconds(60));

// A bad command line and the value its error message must name.
struct BadArgs {
  const char* args;
  const char* named;
};

// One line on stderr that starts "sockscope: " and names `named`, exit 2,
// nothing on stdout.
void expect_usage_error(const CliOutcome& outcome, const std::string& named);

}  // namespace sockscope::testing

// Running the sockscope CLI from the watch CLI tests, with a deadline so a
// command that hangs fails the test instead of hanging it.
#pragma once

#include <chrono>
#include <string>

namespace sockscope::testing {

struct CliChild {
  int status = -1;  // the exit status; -1 when killed (at the deadline) or not started
  std::string out;
  std::string err;
};

// `sockscope <args>` through /bin/sh (so `args` may quote), stdin empty,
// both outputs captured, killed after `deadline`.
CliChild run_cli_child(const std::string& args, std::chrono::seconds deadline);

}  // namespace sockscope::testing

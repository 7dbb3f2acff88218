// Runs a program with an argument vector (no shell, no quoting) and collects
// what it printed, with a deadline so a hanging program fails the test
// instead of hanging it.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace sockscope::testing {

struct ChildResult {
  bool timed_out = false;  // killed at the deadline
  int exit_status = -1;    // -1 when killed by a signal (or not started)
  std::string out;
  std::string err;
};

// `env` entries ("NAME=VALUE") are added to the environment; the program
// starts with no signals blocked and /dev/null as stdin. `before_exec`, when
// given, runs in the forked child just before the exec (async-signal-safe
// calls only); false from it ends the child with status 126.
ChildResult run_child(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                      const std::vector<std::string>& env = {}, const std::function<bool()>& before_exec = {});

}  // namespace sockscope::testing

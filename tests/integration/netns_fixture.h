// Integration tests run each test in a fresh, private network namespace:
// every socket they make, and every `ss` or `sockscope` they start, sees only
// that namespace. Needs root; skipped otherwise (CI runs as root).
#pragma once

#include <gtest/gtest.h>

#include <string>

namespace sockscope::testing {

class NetnsTest : public ::testing::Test {
 protected:
  void SetUp() override;
};

// Runs a shell command in the current namespace and returns its stdout; the
// exit status lands in *status when given.
std::string run_command(const std::string& command, int* status = nullptr);

}  // namespace sockscope::testing

// A fatal user error (bad flag or value): main prints it on one line and exits 2.
#pragma once

#include <stdexcept>
#include <string>

namespace sockscope::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the kernel or the output failed us
inline constexpr int kExitUsage = 2;    // the command line was wrong

class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace sockscope::cli

// Writing a command's output, and its errors, at the edge of the program.
#pragma once

#include <fmt/format.h>

#include <string_view>

#include "util/result.h"

namespace sockscope::cli {

// Output in one or more pieces. The first failed write is reported once by
// finish(); later pieces are dropped.
class StdoutStream {
 public:
  // Writes `out` and clears it.
  void write(fmt::memory_buffer& out);
  // Writes the rest; kExitOk, or prints why a write failed and returns kExitFailure.
  int finish(fmt::memory_buffer& out);

 private:
  int errno_ = 0;
};

// The whole buffer at once: StdoutStream{}.finish(out).
int write_stdout(fmt::memory_buffer& out);

// "sockscope: <message>" on stderr, one line.
void print_error(std::string_view message);

// Prints a failed poll and returns kExitFailure.
int poll_failed(const Error& error);

}  // namespace sockscope::cli

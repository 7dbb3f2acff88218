#include "output.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "usage_error.h"

namespace sockscope::cli {

void StdoutStream::write(fmt::memory_buffer& out) {
  const char* data = out.data();
  size_t left = errno_ == 0 ? out.size() : 0;
  while (left > 0) {
    ssize_t n = ::write(STDOUT_FILENO, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      errno_ = errno;
      break;
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  out.clear();
}

int StdoutStream::finish(fmt::memory_buffer& out) {
  write(out);
  if (errno_ == 0) return kExitOk;
  print_error(fmt::format("cannot write output: {}", std::strerror(errno_)));
  return kExitFailure;
}

int write_stdout(fmt::memory_buffer& out) { return StdoutStream{}.finish(out); }

void print_error(std::string_view message) { fmt::print(stderr, "sockscope: {}\n", message); }

int poll_failed(const Error& error) {
  print_error(error.describe());
  return kExitFailure;
}

}  // namespace sockscope::cli

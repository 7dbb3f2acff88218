// read(2) that retries when a signal interrupts it before any byte arrives.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstddef>

namespace sockscope {

inline ssize_t read_retrying(int fd, char* into, size_t size) {
  ssize_t n;
  do {
    n = ::read(fd, into, size);
  } while (n < 0 && errno == EINTR);
  return n;
}

}  // namespace sockscope

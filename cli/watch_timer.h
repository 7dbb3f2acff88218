// WatchTimer: a CLOCK_MONOTONIC timerfd for the watch loop (the 1 s repaint,
// direct mode's poll interval, the daemon reconnect delay), so every wait is
// a file descriptor in one poll() and nothing spins.
#pragma once

#include <chrono>
#include <cstdint>

#include "util/result.h"
#include "util/unique_fd.h"

namespace sockscope::cli {

class WatchTimer {
 public:
  static Result<WatchTimer> create();

  // First expiry after `first`, then every `period` (zero: once only).
  Result<void> arm(std::chrono::nanoseconds first, std::chrono::nanoseconds period);
  Result<void> disarm();
  // Expirations since the last read; 0 when none (the fd is non-blocking).
  uint64_t read_expirations();
  int fd() const { return fd_.get(); }

 private:
  explicit WatchTimer(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace sockscope::cli

// MonotonicTimer: a CLOCK_MONOTONIC timerfd, so a wait is one more file
// descriptor in the program's poll or epoll loop, nothing spins, and
// wall-clock jumps never bunch up or stall the ticks.
#pragma once

#include <chrono>
#include <cstdint>

#include "util/result.h"
#include "util/unique_fd.h"

namespace sockscope {

class MonotonicTimer {
 public:
  static Result<MonotonicTimer> create();

  // First expiry after `first`, then every `period` (zero: once only).
  // Re-arming restarts the phase.
  Result<void> arm(std::chrono::nanoseconds first, std::chrono::nanoseconds period);
  // Every `period`, the first one period from now.
  Result<void> arm_every(std::chrono::nanoseconds period) { return arm(period, period); }
  Result<void> disarm();
  // Expirations since the last read; 0 when none (the fd is non-blocking).
  uint64_t read_expirations();
  int fd() const { return fd_.get(); }

 private:
  explicit MonotonicTimer(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace sockscope

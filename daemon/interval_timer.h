// IntervalTimer: a periodic CLOCK_MONOTONIC timerfd, so wall-clock jumps never
// bunch up or stall polls.
#pragma once

#include <chrono>
#include <cstdint>

#include "util/result.h"
#include "util/unique_fd.h"

namespace sockscope::daemon {

class IntervalTimer {
 public:
  static Result<IntervalTimer> create();

  // First expiry one period from now, then every period. Re-arming restarts the phase.
  Result<void> arm(std::chrono::nanoseconds period);
  // Expirations since the last read (0 when none: the fd is non-blocking).
  uint64_t read_expirations();
  int fd() const { return fd_.get(); }

 private:
  explicit IntervalTimer(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace sockscope::daemon

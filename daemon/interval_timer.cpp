#include "interval_timer.h"

#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>

#include "util/fd_io.h"

namespace sockscope::daemon {

Result<IntervalTimer> IntervalTimer::create() {
  UniqueFd fd(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
  if (!fd.valid()) return Error::from_errno("timerfd_create", errno);
  return IntervalTimer(std::move(fd));
}

Result<void> IntervalTimer::arm(std::chrono::nanoseconds period) {
  // A zero it_value would disarm the timer; keep at least one nanosecond.
  if (period <= std::chrono::nanoseconds::zero()) period = std::chrono::nanoseconds(1);
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(period);
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(secs.count());
  ts.tv_nsec = static_cast<long>((period - secs).count());
  itimerspec spec{};
  spec.it_interval = ts;
  spec.it_value = ts;
  if (::timerfd_settime(fd_.get(), 0, &spec, nullptr) != 0) return Error::from_errno("timerfd_settime", errno);
  return {};
}

uint64_t IntervalTimer::read_expirations() {
  uint64_t count = 0;
  ssize_t n = read_retrying(fd_.get(), reinterpret_cast<char*>(&count), sizeof count);
  return n == static_cast<ssize_t>(sizeof count) ? count : 0;
}

}  // namespace sockscope::daemon

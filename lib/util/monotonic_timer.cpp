#include "util/monotonic_timer.h"

#include <sys/timerfd.h>

#include <cerrno>

#include "util/fd_io.h"

namespace sockscope {

namespace {

timespec to_timespec(std::chrono::nanoseconds d) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(d);
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(secs.count());
  ts.tv_nsec = static_cast<long>((d - secs).count());
  return ts;
}

}  // namespace

Result<MonotonicTimer> MonotonicTimer::create() {
  UniqueFd fd(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
  if (!fd.valid()) return Error::from_errno("timerfd_create", errno);
  return MonotonicTimer(std::move(fd));
}

Result<void> MonotonicTimer::arm(std::chrono::nanoseconds first, std::chrono::nanoseconds period) {
  // A zero it_value would disarm the timer instead of firing at once.
  if (first <= std::chrono::nanoseconds::zero()) first = std::chrono::nanoseconds(1);
  if (period < std::chrono::nanoseconds::zero()) period = std::chrono::nanoseconds::zero();
  itimerspec spec{};
  spec.it_value = to_timespec(first);
  spec.it_interval = to_timespec(period);
  if (::timerfd_settime(fd_.get(), 0, &spec, nullptr) != 0) return Error::from_errno("timerfd_settime", errno);
  return {};
}

Result<void> MonotonicTimer::disarm() {
  itimerspec spec{};
  if (::timerfd_settime(fd_.get(), 0, &spec, nullptr) != 0) return Error::from_errno("timerfd_settime", errno);
  read_expirations();  // an expiry already counted would still make the fd readable
  return {};
}

uint64_t MonotonicTimer::read_expirations() {
  uint64_t count = 0;
  ssize_t n = read_retrying(fd_.get(), reinterpret_cast<char*>(&count), sizeof count);
  return n == static_cast<ssize_t>(sizeof count) ? count : 0;
}

}  // namespace sockscope

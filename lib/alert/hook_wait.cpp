#include "alert/hook_wait.h"

#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace sockscope::alert {

namespace {

using Clock = std::chrono::steady_clock;

int poll_timeout_ms(Clock::time_point deadline, Clock::time_point now) {
  if (deadline <= now) return 0;
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
  return static_cast<int>(std::min<int64_t>(ms, 60'000));
}

// SIGKILL to the group, then the exit: it cannot be caught, so this is quick.
ExitStatus kill_and_reap(HookProcess& process) {
  while (true) {
    process.kill();
    if (auto status = process.try_reap()) return *status;
    pollfd exited{process.pidfd(), POLLIN, 0};
    (void)::poll(&exited, 1, 100);
  }
}

}  // namespace

HookOutcome wait_for_hook(HookProcess& process, std::chrono::nanoseconds timeout, int interrupt_fd) {
  HookOutcome outcome;
  const Clock::time_point started = Clock::now();
  Clock::time_point deadline = started + timeout;
  process.feed_stdin();
  while (true) {
    process.read_stderr();
    if (auto status = process.try_reap()) {
      process.read_stderr();  // what it wrote just before exiting
      outcome.status = *status;
      break;
    }
    const Clock::time_point now = Clock::now();
    if (now >= deadline) {
      if (!outcome.timed_out) {
        outcome.timed_out = true;
        process.terminate();
        deadline = now + kill_grace_for(timeout);
      } else {
        // SIGKILL cannot be caught; repeated now and then for a group
        // member that was stopped or forked meanwhile
        process.kill();
        deadline = now + std::chrono::seconds(1);
      }
      continue;
    }
    std::array<pollfd, 4> fds{};
    nfds_t count = 0;
    fds[count++] = {process.pidfd(), POLLIN, 0};
    const int stdin_fd = process.stdin_fd();
    if (stdin_fd >= 0) fds[count++] = {stdin_fd, POLLOUT, 0};
    if (process.stderr_fd() >= 0) fds[count++] = {process.stderr_fd(), POLLIN, 0};
    const nfds_t interrupt_at = count;
    if (interrupt_fd >= 0) fds[count++] = {interrupt_fd, POLLIN, 0};
    int ready = ::poll(fds.data(), count, poll_timeout_ms(deadline, now));
    if (ready < 0 && errno != EINTR) ::usleep(10'000);  // out of memory for poll: try again shortly
    if (ready <= 0) continue;
    if (interrupt_fd >= 0 && fds[interrupt_at].revents != 0) {
      outcome.interrupted = true;
      outcome.status = kill_and_reap(process);
      process.read_stderr();
      break;
    }
    if (stdin_fd >= 0 && fds[1].revents != 0) process.feed_stdin();
  }
  outcome.duration = Clock::now() - started;
  outcome.captured_stderr = process.captured_stderr();
  return outcome;
}

}  // namespace sockscope::alert

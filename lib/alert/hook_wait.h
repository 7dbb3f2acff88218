// Running one hook to its end in the calling thread: for `sockscope hooks
// test`, which has nothing else to do meanwhile. The daemon never blocks on
// a hook; it watches the same fds from its event loop instead.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "alert/hook_process.h"

namespace sockscope::alert {

struct HookOutcome {
  ExitStatus status;
  bool timed_out = false;  // SIGTERM was sent at the timeout (SIGKILL too if `status` says so)
  bool interrupted = false;  // `interrupt_fd` became readable: the group got SIGKILL
  std::chrono::nanoseconds duration{0};
  std::string captured_stderr;  // when the process was spawned capturing it
};

// Feeds the hook its stdin, collects its stderr and waits for its exit; at
// `timeout` sends SIGTERM to its process group, and SIGKILL
// kill_grace_for(timeout) later. When `interrupt_fd` (a signalfd, say) is
// readable, the group gets SIGKILL at once: the hook runs in a group of its
// own, so a terminal's Ctrl-C never reaches it, and the caller is leaving.
// The fd is only polled, never read. Returns once the hook is reaped.
HookOutcome wait_for_hook(HookProcess& process, std::chrono::nanoseconds timeout, int interrupt_fd = -1);

}  // namespace sockscope::alert

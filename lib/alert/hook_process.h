// HookProcess: one running hook command, owned from spawn to reap.
//
// The command's argv is executed directly (posix_spawnp: no shell; a name
// without '/' is looked up in PATH) in its own process group, with the
// given environment only, default signal dispositions and an empty signal
// mask (the daemon blocks the signals it reads through a signalfd, and a
// blocked SIGTERM would survive exec). Its stdin is a pipe this object
// feeds without ever blocking; stdout goes to /dev/null and stderr too,
// unless captured (the first kCaptureLimit bytes are kept, the rest read
// and dropped so the hook never stalls on a full pipe).
//
// The caller watches pidfd() (readable once the process has exited) and,
// while they are open, stdin_fd() for writability and stderr_fd() for
// input. When the hook exits, whatever it left running in its process group
// is killed before it is reaped, while its pid cannot yet have been reused.
// The destructor kills the whole group with SIGKILL and reaps the hook, so
// no run outlives its owner and none becomes a zombie.
#pragma once

#include <sys/types.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "util/result.h"
#include "util/unique_fd.h"

namespace sockscope::alert {

struct ExitStatus {
  int code = 0;    // exit status when !signalled
  int signal = 0;  // the signal that ended it when signalled
  bool signalled = false;

  bool success() const { return !signalled && code == 0; }
  bool operator==(const ExitStatus&) const = default;
};
// "exit 0", "exit 3", "killed by SIGTERM".
std::string describe(const ExitStatus& status);

// After SIGTERM at its timeout a hook gets this long before SIGKILL, or its
// whole timeout if that is shorter: a hook allowed one second to run gets
// one more second to stop.
inline constexpr std::chrono::nanoseconds kKillGrace = std::chrono::seconds(5);
inline std::chrono::nanoseconds kill_grace_for(std::chrono::nanoseconds timeout) {
  return std::min(timeout, kKillGrace);
}

class HookProcess {
 public:
  static constexpr size_t kCaptureLimit = 4096;

  // Starts argv[0] with `environment` ("NAME=value" each) and `input` for
  // its stdin. An Error when the pipe, /dev/null, the spawn (a missing or
  // non-executable program: errno ENOENT, EACCES, ...) or pidfd_open fails.
  static Result<HookProcess> spawn(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
                                   std::string input, bool capture_stderr);

  HookProcess(HookProcess&& other) noexcept;
  HookProcess& operator=(HookProcess&& other) noexcept;
  HookProcess(const HookProcess&) = delete;
  HookProcess& operator=(const HookProcess&) = delete;
  ~HookProcess();

  pid_t pid() const { return pid_; }
  int pidfd() const { return pidfd_.get(); }

  // Writes as much input as the pipe takes. True once it is all written, or
  // the hook closed its stdin (it need not read it): stdin_fd() is closed
  // then. Nothing else closes it before the destructor, not even the reap,
  // so an owner watching it in an event loop can always unregister it by
  // its number before the number is reused.
  bool feed_stdin();
  int stdin_fd() const { return stdin_.get(); }

  // Reads what stderr holds now; closes stderr_fd() at end of file.
  void read_stderr();
  int stderr_fd() const { return stderr_.get(); }
  const std::string& captured_stderr() const { return captured_; }

  // The exit status once the hook has exited (it is reaped then, after its
  // leftovers are killed); nothing while it runs. Never blocks.
  std::optional<ExitStatus> try_reap();
  bool reaped() const { return reaped_; }

  // To the whole process group; nothing after the hook is reaped.
  void terminate();
  void kill();

 private:
  HookProcess(pid_t pid, UniqueFd pidfd, UniqueFd stdin_fd, UniqueFd stderr_fd, std::string input);
  void signal_group(int sig) const;
  void finish();

  pid_t pid_ = -1;
  bool reaped_ = false;
  UniqueFd pidfd_;
  UniqueFd stdin_;
  UniqueFd stderr_;
  std::string input_;
  size_t written_ = 0;
  std::string captured_;
};

}  // namespace sockscope::alert

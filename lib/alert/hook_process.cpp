#include "alert/hook_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace sockscope::alert {

namespace {

// Writing to a pipe whose reader is gone raises SIGPIPE, which would end
// the whole program. For the length of one write the signal is blocked in
// this thread and, if that write raised it, taken back off the pending set;
// process-wide dispositions stay as the program set them.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    pending_before_ = ::sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
    ::pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeBlocked() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  SigpipeBlocked(const SigpipeBlocked&) = delete;
  SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

  // After EPIPE: discards the SIGPIPE that write raised (not one that was
  // already pending for another reason).
  void discard_raised() {
    if (pending_before_) return;
    timespec zero{};
    while (::sigtimedwait(&pipe_, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }

 private:
  sigset_t pipe_;
  sigset_t old_;
  bool pending_before_ = false;
};

// The C arrays posix_spawn takes, pointing into `strings`.
std::vector<char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// posix_spawn's attribute and file-action objects, destroyed on every path.
struct SpawnSetup {
  posix_spawnattr_t attr;
  posix_spawn_file_actions_t actions;
  int error = 0;
  bool have_attr = false;
  bool have_actions = false;

  SpawnSetup() {
    error = ::posix_spawnattr_init(&attr);
    have_attr = error == 0;
    if (error == 0) error = ::posix_spawn_file_actions_init(&actions);
    have_actions = have_attr && error == 0;
  }
  ~SpawnSetup() {
    if (have_actions) ::posix_spawn_file_actions_destroy(&actions);
    if (have_attr) ::posix_spawnattr_destroy(&attr);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

int configure(SpawnSetup& setup, int stdin_fd, int null_fd, int stderr_fd) {
  sigset_t none;
  sigemptyset(&none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM}) {
    sigaddset(&defaults, sig);
  }
  int error = ::posix_spawnattr_setflags(&setup.attr, static_cast<short>(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                                                         POSIX_SPAWN_SETSIGDEF));
  if (error == 0) error = ::posix_spawnattr_setpgroup(&setup.attr, 0);  // a group of its own, led by the hook
  if (error == 0) error = ::posix_spawnattr_setsigmask(&setup.attr, &none);
  if (error == 0) error = ::posix_spawnattr_setsigdefault(&setup.attr, &defaults);
  // dup2 clears close-on-exec on the copies; every other fd of ours stays closed for the hook
  if (error == 0) error = ::posix_spawn_file_actions_adddup2(&setup.actions, stdin_fd, STDIN_FILENO);
  if (error == 0) error = ::posix_spawn_file_actions_adddup2(&setup.actions, null_fd, STDOUT_FILENO);
  if (error == 0) error = ::posix_spawn_file_actions_adddup2(&setup.actions, stderr_fd, STDERR_FILENO);
  return error;
}

Result<std::pair<UniqueFd, UniqueFd>> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Error::from_errno("cannot create a pipe for a hook", errno);
  return std::pair{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

Result<void> make_nonblocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
    return Error::from_errno("cannot make a hook's pipe non-blocking", errno);
  }
  return {};
}

}  // namespace

std::string describe(const ExitStatus& status) {
  if (!status.signalled) return "exit " + std::to_string(status.code);
  const char* name = ::sigabbrev_np(status.signal);
  return name != nullptr ? std::string("killed by SIG") + name : "killed by signal " + std::to_string(status.signal);
}

Result<HookProcess> HookProcess::spawn(const std::vector<std::string>& argv,
                                       const std::vector<std::string>& environment, std::string input,
                                       bool capture_stderr) {
  if (argv.empty() || argv.front().empty()) return make_error("a hook needs a command");
  auto in = make_pipe();
  if (!in) return in.error();
  if (auto nonblocking = make_nonblocking(in->second.get()); !nonblocking) return nonblocking.error();
  UniqueFd null_fd(::open("/dev/null", O_RDWR | O_CLOEXEC));
  if (!null_fd.valid()) return Error::from_errno("cannot open /dev/null for a hook", errno);
  std::pair<UniqueFd, UniqueFd> err;
  if (capture_stderr) {
    auto pipe = make_pipe();
    if (!pipe) return pipe.error();
    if (auto nonblocking = make_nonblocking(pipe->first.get()); !nonblocking) return nonblocking.error();
    err = std::move(*pipe);
  }

  SpawnSetup setup;
  int error = setup.error;
  if (error == 0) error = configure(setup, in->first.get(), null_fd.get(), capture_stderr ? err.second.get() : null_fd.get());
  if (error != 0) return Error::from_errno("cannot set up a hook's process", error);
  std::vector<char*> args = c_strings(argv);
  std::vector<char*> env = c_strings(environment);
  pid_t pid = -1;
  // glibc reports a failed exec here (and reaps that child): a missing
  // program is an Error, not a child exiting 127.
  error = ::posix_spawnp(&pid, args[0], &setup.actions, &setup.attr, args.data(), env.data());
  if (error != 0) return Error::from_errno("cannot start " + argv.front(), error);

  // The child is ours and unreaped, so its pid is still its own here.
  // Through syscall(2): glibc 2.36's <sys/pidfd.h> lacks C linkage for C++.
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd.valid()) {
    int saved = errno;
    ::kill(-pid, SIGKILL);
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    return Error::from_errno("cannot watch hook process " + std::to_string(pid) + " (pidfd_open needs Linux 5.3)",
                             saved);
  }
  HookProcess process(pid, std::move(pidfd), std::move(in->second), std::move(err.first), std::move(input));
  return process;
}

HookProcess::HookProcess(pid_t pid, UniqueFd pidfd, UniqueFd stdin_fd, UniqueFd stderr_fd, std::string input)
    : pid_(pid),
      pidfd_(std::move(pidfd)),
      stdin_(std::move(stdin_fd)),
      stderr_(std::move(stderr_fd)),
      input_(std::move(input)) {}

HookProcess::HookProcess(HookProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      reaped_(other.reaped_),
      pidfd_(std::move(other.pidfd_)),
      stdin_(std::move(other.stdin_)),
      stderr_(std::move(other.stderr_)),
      input_(std::move(other.input_)),
      written_(other.written_),
      captured_(std::move(other.captured_)) {}

HookProcess& HookProcess::operator=(HookProcess&& other) noexcept {
  if (this != &other) {
    finish();
    pid_ = std::exchange(other.pid_, -1);
    reaped_ = other.reaped_;
    pidfd_ = std::move(other.pidfd_);
    stdin_ = std::move(other.stdin_);
    stderr_ = std::move(other.stderr_);
    input_ = std::move(other.input_);
    written_ = other.written_;
    captured_ = std::move(other.captured_);
  }
  return *this;
}

HookProcess::~HookProcess() { finish(); }

void HookProcess::finish() {
  if (pid_ <= 0 || reaped_) return;
  signal_group(SIGKILL);
  while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
}

bool HookProcess::feed_stdin() {
  if (!stdin_.valid()) return true;
  SigpipeBlocked blocked;
  while (written_ < input_.size()) {
    ssize_t n = ::write(stdin_.get(), input_.data() + written_, input_.size() - written_);
    if (n > 0) {
      written_ += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return false;
    if (n < 0 && errno == EPIPE) blocked.discard_raised();
    break;  // the hook closed its stdin or the pipe failed: it gets no more
  }
  stdin_.reset();  // end of file for the hook
  return true;
}

void HookProcess::read_stderr() {
  char buffer[4096];
  while (stderr_.valid()) {
    ssize_t n = ::read(stderr_.get(), buffer, sizeof buffer);
    if (n > 0) {
      size_t keep = std::min(static_cast<size_t>(n), kCaptureLimit - std::min(kCaptureLimit, captured_.size()));
      captured_.append(buffer, keep);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      return;
    } else {
      stderr_.reset();  // end of file, or an error: nothing more will come
    }
  }
}

std::optional<ExitStatus> HookProcess::try_reap() {
  if (pid_ <= 0 || reaped_) return std::nullopt;
  siginfo_t info{};
  // WNOWAIT: look without reaping, so the pid (and with it the group id)
  // stays ours while the leftovers are killed.
  if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0) {
    return std::nullopt;
  }
  signal_group(SIGKILL);
  info = siginfo_t{};
  while (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED) != 0 && errno == EINTR) {
  }
  reaped_ = true;
  ExitStatus status;
  if (info.si_code == CLD_EXITED) {
    status.code = info.si_status;
  } else {
    status.signalled = true;
    status.signal = info.si_status;
  }
  return status;
}

void HookProcess::signal_group(int sig) const {
  if (pid_ > 0 && !reaped_) ::kill(-pid_, sig);
}

void HookProcess::terminate() { signal_group(SIGTERM); }

void HookProcess::kill() { signal_group(SIGKILL); }

}  // namespace sockscope::alert

#include "child_run.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "util/unique_fd.h"

extern char** environ;

namespace sockscope::testing {

namespace {

std::string env_name(const std::string& entry) { return entry.substr(0, entry.find('=')); }

// The test's environment with `extra` added; an entry of `extra` replaces
// one of the same name.
std::vector<std::string> merged_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> merged;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string text = *entry;
    bool replaced = false;
    for (const auto& add : extra) replaced = replaced || env_name(add) == env_name(text);
    if (!replaced) merged.push_back(text);
  }
  merged.insert(merged.end(), extra.begin(), extra.end());
  return merged;
}

std::vector<char*> pointers(std::vector<std::string>& texts) {
  std::vector<char*> result;
  for (auto& text : texts) result.push_back(text.data());
  result.push_back(nullptr);
  return result;
}

bool read_into(int fd, std::string& out) {
  std::array<char, 4096> chunk{};
  ssize_t n = ::read(fd, chunk.data(), chunk.size());
  if (n > 0) out.append(chunk.data(), static_cast<size_t>(n));
  return n > 0 || (n < 0 && errno == EINTR);
}

}  // namespace

ChildResult run_child(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                      const std::vector<std::string>& env, const std::function<bool()>& before_exec) {
  ChildResult result;
  std::vector<std::string> argv_text = argv;
  std::vector<std::string> env_text = merged_environment(env);
  std::vector<char*> argv_ptrs = pointers(argv_text);
  std::vector<char*> env_ptrs = pointers(env_text);

  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return result;
  UniqueFd out_read(out_pipe[0]);
  UniqueFd out_write(out_pipe[1]);
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) return result;
  UniqueFd err_read(err_pipe[0]);
  UniqueFd err_write(err_pipe[1]);

  pid_t pid = ::fork();
  if (pid < 0) return result;
  if (pid == 0) {
    int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd < 0 || ::dup2(null_fd, 0) < 0 || ::dup2(out_write.get(), 1) < 0 || ::dup2(err_write.get(), 2) < 0) {
      ::_exit(126);
    }
    // Nothing of the test (its sockets, the daemon's connections) leaks
    // into the child: owners seen by the program stay the test's alone.
    ::close_range(3, ~0U, 0);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    if (before_exec && !before_exec()) ::_exit(126);
    ::execvpe(argv_ptrs[0], argv_ptrs.data(), env_ptrs.data());
    ::_exit(127);
  }
  out_write.reset();
  err_write.reset();

  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool out_open = true;
  bool err_open = true;
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    std::array<pollfd, 2> fds{pollfd{out_open ? out_read.get() : -1, POLLIN, 0},
                              pollfd{err_open ? err_read.get() : -1, POLLIN, 0}};
    if (::poll(fds.data(), fds.size(), static_cast<int>(left.count())) < 0 && errno != EINTR) break;
    if (out_open && fds[0].revents != 0) out_open = read_into(out_read.get(), result.out);
    if (err_open && fds[1].revents != 0) err_open = read_into(err_read.get(), result.err);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!result.timed_out && WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
  return result;
}

}  // namespace sockscope::testing

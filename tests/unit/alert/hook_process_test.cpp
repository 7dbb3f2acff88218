// HookProcess and wait_for_hook against real programs. The hook commands
// here are /bin/sh -c scripts for brevity; the daemon runs any argv directly.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <thread>

#include "alert/hook_process.h"
#include "alert/hook_wait.h"
#include "temp_dir.h"

namespace sockscope::alert {
namespace {

using namespace std::chrono_literals;

class HookProcessTest : public testing::TempDirTest {
 protected:
  static HookProcess spawn_sh(const std::string& script, std::string input = "", bool capture = false,
                              std::vector<std::string> env = {"PATH=/usr/bin:/bin"}) {
    auto process = HookProcess::spawn({"/bin/sh", "-c", script}, env, std::move(input), capture);
    EXPECT_TRUE(process.ok()) << (process.ok() ? "" : process.error().describe());
    return std::move(process).value();
  }
  // True once `pid` is gone (or a zombie some other parent will reap).
  static bool gone(pid_t pid, std::chrono::milliseconds within = 2s) {
    auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
      std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
      std::string text;
      if (!std::getline(stat, text)) return true;
      size_t close = text.rfind(')');
      if (close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'Z') return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
  pid_t pid_from(const std::string& path) {
    for (int i = 0; i < 200 && read(path).empty(); ++i) std::this_thread::sleep_for(10ms);
    return static_cast<pid_t>(std::stol(read(path)));
  }
};

TEST_F(HookProcessTest, StdinAndOnlyTheGivenEnvironmentReachTheHook) {
  const std::string input = "{\"event\":\"raised\"}\n";
  HookProcess process = spawn_sh("cat > " + file("in") + "; env > " + file("env"), input, false,
                                 {"SOCKSCOPE_EVENT=raised", "PATH=/usr/bin:/bin"});
  HookOutcome outcome = wait_for_hook(process, 10s);
  EXPECT_TRUE(outcome.status.success()) << describe(outcome.status);
  EXPECT_FALSE(outcome.timed_out);
  EXPECT_EQ(read(file("in")), input);
  const std::string env = read(file("env"));
  EXPECT_NE(env.find("SOCKSCOPE_EVENT=raised\n"), std::string::npos) << env;
  EXPECT_NE(env.find("PATH=/usr/bin:/bin\n"), std::string::npos) << env;
  EXPECT_EQ(env.find("HOME="), std::string::npos) << env;
}

TEST_F(HookProcessTest, ExitCodesAndSignalsAreReported) {
  HookProcess three = spawn_sh("exit 3");
  HookOutcome outcome = wait_for_hook(three, 10s);
  EXPECT_EQ(outcome.status, (ExitStatus{3, 0, false}));
  EXPECT_EQ(describe(outcome.status), "exit 3");
  EXPECT_FALSE(outcome.status.success());

  HookProcess killed = spawn_sh("kill -USR1 $$");
  outcome = wait_for_hook(killed, 10s);
  EXPECT_TRUE(outcome.status.signalled);
  EXPECT_EQ(outcome.status.signal, SIGUSR1);
  EXPECT_EQ(describe(outcome.status), "killed by SIGUSR1");
}

TEST_F(HookProcessTest, TimeoutTerminatesTheWholeProcessGroup) {
  HookProcess process = spawn_sh("sleep 100 & echo $! > " + file("child") + "; sleep 100");
  const pid_t child = pid_from(file("child"));
  EXPECT_EQ(::getpgid(child), process.pid()) << "the hook leads its own group";
  HookOutcome outcome = wait_for_hook(process, 300ms);
  EXPECT_TRUE(outcome.timed_out);
  EXPECT_TRUE(outcome.status.signalled);
  EXPECT_EQ(outcome.status.signal, SIGTERM);
  EXPECT_GE(outcome.duration, 300ms);
  EXPECT_LT(outcome.duration, 3s);
  EXPECT_TRUE(gone(child)) << "the background sleep died with its group";
}

TEST_F(HookProcessTest, AHookIgnoringSigtermGetsSigkillAfterTheGrace) {
  // An ignored signal stays ignored across exec: sleep ignores SIGTERM too.
  HookProcess process = spawn_sh("trap '' TERM; sleep 100");
  HookOutcome outcome = wait_for_hook(process, 300ms);
  EXPECT_TRUE(outcome.timed_out);
  EXPECT_EQ(outcome.status.signal, SIGKILL) << describe(outcome.status);
  // grace = min(timeout, 5 s) = 300 ms
  EXPECT_GE(outcome.duration, 600ms);
  EXPECT_LT(outcome.duration, 4s);
}

TEST_F(HookProcessTest, AHookThatNeverReadsALargeStdinBlocksNothing) {
  std::string input(8 << 20, 'x');
  HookProcess process = spawn_sh("sleep 0.3; exit 0", input);
  auto before = std::chrono::steady_clock::now();
  EXPECT_FALSE(process.feed_stdin()) << "the pipe is full long before 8 MiB";
  EXPECT_LT(std::chrono::steady_clock::now() - before, 200ms) << "feeding never waits for the reader";
  EXPECT_GE(process.stdin_fd(), 0);
  HookOutcome outcome = wait_for_hook(process, 10s);
  EXPECT_TRUE(outcome.status.success()) << describe(outcome.status);
  EXPECT_FALSE(outcome.timed_out);
  EXPECT_LT(outcome.duration, 5s);
  EXPECT_LT(process.stdin_fd(), 0) << "stdin closed once the hook is gone";
}

TEST_F(HookProcessTest, TheReapLeavesUnfinishedStdinToItsOwner) {
  // An event loop watching stdin must unregister it by its number after the
  // reap; closed behind its back, the number could be reused meanwhile.
  HookProcess process = spawn_sh("sleep 0.1", std::string(1 << 20, 'x'));
  EXPECT_FALSE(process.feed_stdin());
  const int stdin_fd = process.stdin_fd();
  ASSERT_GE(stdin_fd, 0);
  std::optional<ExitStatus> status;
  for (int i = 0; i < 500 && !(status = process.try_reap()); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(status.has_value()) << "the hook never exited";
  EXPECT_TRUE(status->success()) << describe(*status);
  EXPECT_EQ(process.stdin_fd(), stdin_fd);
  EXPECT_TRUE(process.feed_stdin()) << "the reader is gone: feeding ends";
  EXPECT_LT(process.stdin_fd(), 0) << "and closes it, as the owner is told";
}

TEST_F(HookProcessTest, AMissingProgramIsAnErrorNotAChild) {
  auto absolute = HookProcess::spawn({"/nonexistent/sockscope-hook"}, {"PATH=/usr/bin:/bin"}, "", false);
  ASSERT_FALSE(absolute.ok());
  EXPECT_EQ(absolute.error().err, ENOENT) << absolute.error().describe();
  EXPECT_NE(absolute.error().message.find("/nonexistent/sockscope-hook"), std::string::npos);
  auto searched = HookProcess::spawn({"sockscope-no-such-hook"}, {}, "", false);
  ASSERT_FALSE(searched.ok());
  EXPECT_EQ(searched.error().err, ENOENT);
  auto empty = HookProcess::spawn({}, {}, "", false);
  EXPECT_FALSE(empty.ok());
  int status = 0;
  EXPECT_EQ(::waitpid(-1, &status, WNOHANG), -1) << "no child left behind";
  EXPECT_EQ(errno, ECHILD);
}

TEST_F(HookProcessTest, StderrIsCapturedUpToTheBoundAndTheRestDrained) {
  HookProcess process = spawn_sh("echo 'first line' >&2; head -c 200000 /dev/zero >&2; echo done > " + file("done"),
                                 "", true);
  HookOutcome outcome = wait_for_hook(process, 10s);
  EXPECT_TRUE(outcome.status.success()) << describe(outcome.status);
  EXPECT_EQ(outcome.captured_stderr.size(), HookProcess::kCaptureLimit);
  EXPECT_TRUE(outcome.captured_stderr.starts_with("first line\n"));
  EXPECT_EQ(read(file("done")), "done\n") << "the hook was never stalled by a full stderr pipe";
}

TEST_F(HookProcessTest, WithoutCaptureOutputGoesNowhere) {
  HookProcess process = spawn_sh("echo out; echo err >&2; head -c 200000 /dev/zero");
  EXPECT_LT(process.stderr_fd(), 0);
  HookOutcome outcome = wait_for_hook(process, 10s);
  EXPECT_TRUE(outcome.status.success());
  EXPECT_TRUE(outcome.captured_stderr.empty());
}

TEST_F(HookProcessTest, LeftoversInTheGroupAreKilledWhenTheHookExits) {
  HookProcess process = spawn_sh("sleep 100 & echo $! > " + file("child") + "; exit 0");
  const pid_t child = pid_from(file("child"));
  HookOutcome outcome = wait_for_hook(process, 10s);
  EXPECT_TRUE(outcome.status.success());
  EXPECT_FALSE(outcome.timed_out);
  EXPECT_TRUE(gone(child));
}

TEST_F(HookProcessTest, DestructorKillsAndReaps) {
  pid_t pid = -1;
  pid_t child = -1;
  {
    HookProcess process = spawn_sh("sleep 100 & echo $! > " + file("child") + "; sleep 100");
    pid = process.pid();
    child = pid_from(file("child"));
    EXPECT_FALSE(process.try_reap().has_value()) << "still running";
  }
  EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1) << "already reaped";
  EXPECT_EQ(errno, ECHILD);
  EXPECT_TRUE(gone(child));
}

TEST_F(HookProcessTest, MovedProcessIsOwnedOnce) {
  HookProcess first = spawn_sh("exit 7");
  HookProcess second = std::move(first);
  EXPECT_EQ(first.pid(), -1);
  HookOutcome outcome = wait_for_hook(second, 10s);
  EXPECT_EQ(outcome.status.code, 7);
}

// The daemon blocks the signals it reads through a signalfd; the hook must
// not inherit that mask, or SIGTERM at its timeout would never land.
TEST_F(HookProcessTest, BlockedSignalsOfTheCallerAreNotInherited) {
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  sigset_t old;
  ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, &term, &old), 0);
  HookProcess process = spawn_sh("exec sleep 100");
  std::this_thread::sleep_for(50ms);
  process.terminate();
  HookOutcome outcome = wait_for_hook(process, 10s);
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  EXPECT_TRUE(outcome.status.signalled);
  EXPECT_EQ(outcome.status.signal, SIGTERM);
  EXPECT_LT(outcome.duration, 5s);
}

// Feeding a hook that already exited must not raise SIGPIPE in the caller.
TEST_F(HookProcessTest, FeedingAnExitedHookRaisesNoSigpipe) {
  HookProcess process = spawn_sh("exec 0<&-; sleep 0.2", "input nobody reads\n");
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(process.feed_stdin()) << "EPIPE ends the feeding";
  sigset_t pending;
  sigemptyset(&pending);
  ASSERT_EQ(::sigpending(&pending), 0);
  EXPECT_EQ(sigismember(&pending, SIGPIPE), 0);
  HookOutcome outcome = wait_for_hook(process, 10s);
  EXPECT_TRUE(outcome.status.success());
}

}  // namespace
}  // namespace sockscope::alert

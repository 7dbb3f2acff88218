// A signal to `sockscope hooks test` while a hook runs: the hook runs in a
// process group of its own, out of the terminal's reach, so the command
// must end it (and what it started) itself before it exits 128 + N.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "temp_dir.h"

namespace {

using namespace std::chrono_literals;

class HooksTestInterrupt : public sockscope::testing::TempDirTest {
 protected:
  // Starts `sockscope --config FILE hooks test` with stdout to a file.
  pid_t start_cli() {
    const std::string config = file("sockscoped.toml");
    std::ofstream(config) << "[[hooks]]\ncommand = [\"/bin/sh\", \"-c\", \"sleep 100 & echo $! > " + file("sleep.pid") +
                                 "; echo $$ > " + file("hook.pid") + "; wait\"]\ntimeout_s = 60\n";
    const std::string out = file("stdout");
    const pid_t pid = ::fork();
    if (pid == 0) {
      sigset_t none;
      sigemptyset(&none);
      ::sigprocmask(SIG_SETMASK, &none, nullptr);
      const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (fd < 0 || ::dup2(fd, STDOUT_FILENO) < 0) ::_exit(126);
      std::vector<const char*> argv = {SOCKSCOPE_CLI_PATH, "--config", config.c_str(), "hooks", "test", nullptr};
      ::execv(argv[0], const_cast<char* const*>(argv.data()));
      ::_exit(127);
    }
    return pid;
  }

  // The pid the hook wrote to `name`; -1 if it never did.
  pid_t pid_in(const std::string& name) const {
    for (int i = 0; i < 500; ++i) {
      const std::string text = read(file(name));
      if (!text.empty() && text.back() == '\n') return static_cast<pid_t>(std::stol(text));
      std::this_thread::sleep_for(10ms);
    }
    return -1;
  }

  // True once `pid` is gone (or a zombie its new parent has not reaped yet).
  static bool gone(pid_t pid, std::chrono::milliseconds within = 3s) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
      std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
      std::string text;
      if (!std::getline(stat, text)) return true;
      const size_t close = text.rfind(')');
      if (close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'Z') return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  // Signals the command once its hook runs; its wait status.
  int interrupt(int sig, pid_t& hook, pid_t& sleeper) {
    const pid_t cli = start_cli();
    EXPECT_GT(cli, 0);
    hook = pid_in("hook.pid");
    sleeper = pid_in("sleep.pid");
    EXPECT_GT(hook, 0) << "the hook never started";
    EXPECT_GT(sleeper, 0);
    ::kill(cli, sig);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (::waitpid(cli, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(cli, SIGKILL);
        ::waitpid(cli, &status, 0);
        ADD_FAILURE() << "sockscope hooks test did not stop";
        break;
      }
      std::this_thread::sleep_for(10ms);
    }
    return status;
  }

  void TearDown() override {
    for (const char* name : {"hook.pid", "sleep.pid"}) {
      const std::string text = read(file(name));
      if (!text.empty()) ::kill(static_cast<pid_t>(std::stol(text)), SIGKILL);
    }
    TempDirTest::TearDown();
  }
};

TEST_F(HooksTestInterrupt, CtrlCKillsTheRunningHookAndExits130) {
  pid_t hook = -1;
  pid_t sleeper = -1;
  const int status = interrupt(SIGINT, hook, sleeper);
  ASSERT_TRUE(WIFEXITED(status)) << "it died of the signal and left its hook behind";
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_TRUE(gone(hook)) << "the hook outlived sockscope hooks test";
  EXPECT_TRUE(gone(sleeper)) << "what the hook started outlived it";
  const std::string out = read(file("stdout"));
  EXPECT_NE(out.find("hook 1: "), std::string::npos) << out;
  EXPECT_NE(out.find(": interrupted by SIGINT, killed by SIGKILL in "), std::string::npos) << out;
}

TEST_F(HooksTestInterrupt, SigtermDoesTheSameAndExits143) {
  pid_t hook = -1;
  pid_t sleeper = -1;
  const int status = interrupt(SIGTERM, hook, sleeper);
  ASSERT_TRUE(WIFEXITED(status)) << "it died of the signal and left its hook behind";
  EXPECT_EQ(WEXITSTATUS(status), 143);
  EXPECT_TRUE(gone(hook));
  EXPECT_TRUE(gone(sleeper));
}

}  // namespace

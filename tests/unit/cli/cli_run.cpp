#include "cli_run.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>

namespace sockscope::testing {

CliOutcome run_cli(const std::string& args, std::chrono::seconds deadline) {
  CliOutcome outcome;
  char err_path[] = "/tmp/sockscope-cli-XXXXXX";
  const int err_fd = ::mkstemp(err_path);
  if (err_fd < 0) return outcome;
  ::close(err_fd);
  // timeout(1) exits 137 when it had to kill: not an exit status the CLI uses.
  const std::string command = "timeout -s KILL " + std::to_string(deadline.count()) + " " + SOCKSCOPE_CLI_PATH +
                              " " + args + " 2>" + err_path + " </dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    std::remove(err_path);
    return outcome;
  }
  std::array<char, 4096> chunk{};
  size_t n;
  while ((n = std::fread(chunk.data(), 1, chunk.size(), pipe)) > 0) outcome.stdout_text.append(chunk.data(), n);
  const int raw = ::pclose(pipe);
  if (WIFEXITED(raw) && WEXITSTATUS(raw) != 137) outcome.status = WEXITSTATUS(raw);
  if (FILE* err = std::fopen(err_path, "r")) {
    while ((n = std::fread(chunk.data(), 1, chunk.size(), err)) > 0) outcome.stderr_text.append(chunk.data(), n);
    std::fclose(err);
  }
  std::remove(err_path);
  return outcome;
}

void expect_usage_error(const CliOutcome& outcome, const std::string& named) {
  EXPECT_EQ(outcome.status, 2);
  EXPECT_TRUE(outcome.stdout_text.empty()) << outcome.stdout_text;
  ASSERT_FALSE(outcome.stderr_text.empty());
  EXPECT_EQ(outcome.stderr_text.find('\n'), outcome.stderr_text.size() - 1)
      << "more than one line: " << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find(named), std::string::npos) << outcome.stderr_text;
  EXPECT_EQ(outcome.stderr_text.rfind("sockscope: ", 0), 0u) << outcome.stderr_text;
}

}  // namespace sockscope::testing

// Every bad command line gets one line on stderr naming the bad value, exit 2,
// and nothing on stdout. None of these reach the kernel, so no privilege is needed.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

struct Outcome {
  int status = -1;
  std::string stdout_text;
  std::string stderr_text;
};

Outcome run_cli(const std::string& args) {
  char err_path[] = "/tmp/sockscope-usage-XXXXXX";
  int err_fd = ::mkstemp(err_path);
  ::close(err_fd);
  std::string command = std::string(SOCKSCOPE_CLI_PATH) + " " + args + " 2>" + err_path;
  Outcome out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> chunk{};
  size_t n;
  while ((n = std::fread(chunk.data(), 1, chunk.size(), pipe)) > 0) out.stdout_text.append(chunk.data(), n);
  int raw = ::pclose(pipe);
  out.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  if (FILE* err = std::fopen(err_path, "r")) {
    while ((n = std::fread(chunk.data(), 1, chunk.size(), err)) > 0) out.stderr_text.append(chunk.data(), n);
    std::fclose(err);
  }
  std::remove(err_path);
  return out;
}

struct BadInput {
  const char* args;
  const char* named;  // the bad value the message must name
};

class UsageErrors : public ::testing::TestWithParam<BadInput> {};

TEST_P(UsageErrors, OneLineNamingTheValueAndStatusTwo) {
  const BadInput& bad = GetParam();
  Outcome out = run_cli(bad.args);
  EXPECT_EQ(out.status, 2) << bad.args;
  EXPECT_TRUE(out.stdout_text.empty()) << out.stdout_text;
  ASSERT_FALSE(out.stderr_text.empty());
  EXPECT_EQ(out.stderr_text.find('\n'), out.stderr_text.size() - 1) << "more than one line: " << out.stderr_text;
  EXPECT_NE(out.stderr_text.find(bad.named), std::string::npos) << out.stderr_text;
  EXPECT_EQ(out.stderr_text.rfind("sockscope: ", 0), 0u) << out.stderr_text;
}

INSTANTIATE_TEST_SUITE_P(
    Cli, UsageErrors,
    ::testing::Values(BadInput{"sockets --state close-wiat", "close-wiat"},
                      BadInput{"sockets --state ''", "''"},
                      BadInput{"sockets --sport 65536", "65536"},
                      BadInput{"sockets --sport -1", "-1"},
                      BadInput{"sockets --dport http", "http"},
                      BadInput{"sockets --src 10.0.0.0/33", "33"},
                      BadInput{"sockets --dst ::1/129", "129"},
                      BadInput{"sockets --src 300.1.2.3", "300.1.2.3"},
                      BadInput{"sockets --dst 10.0.0.0/x", "10.0.0.0/x"},
                      BadInput{"sockets --process ''", "''"},
                      BadInput{"sockets --sort age2", "age2"},
                      BadInput{"sockets --bogus", "--bogus"},
                      BadInput{"frobnicate", "frobnicate"},
                      BadInput{"status extra", "extra"},
                      BadInput{"sockets --sort age --direct", "--sort age"},
                      BadInput{"--direct sockets --sort AGE", "--sort age"},
                      BadInput{"history --seconds soon", "soon"},
                      BadInput{"history --seconds 0", "'0'"},
                      BadInput{"history --seconds -5", "-5"},
                      BadInput{"history --seconds 1e999", "1e999"},
                      BadInput{"history --direct", "--direct"},
                      BadInput{"history extra", "extra"},
                      BadInput{"findings --config /nonexistent/sockscoped.toml", "/nonexistent/sockscoped.toml"},
                      BadInput{"--config " SOCKSCOPE_TEST_DATA "/config/bad-threshold.toml",
                               "detectors.orphans.warning_pct"},
                      BadInput{"explain --cookie 1 --config " SOCKSCOPE_TEST_DATA "/config/bad-threshold.toml",
                               "bad-threshold.toml:3"},
                      BadInput{"findings extra", "extra"}));

}  // namespace

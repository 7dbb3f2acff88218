// `sockscope watch` with a bad flag: one line on stderr naming the bad value,
// exit 2, nothing on stdout, and no poll or daemon connection first.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>

namespace {

struct Outcome {
  int status = -1;
  std::string stdout_text;
  std::string stderr_text;
};

// stdout is a pipe here, so watch would run in plain mode if the flags passed.
Outcome run_watch(const std::string& args) {
  char err_path[] = "/tmp/sockscope-watch-usage-XXXXXX";
  int err_fd = ::mkstemp(err_path);
  ::close(err_fd);
  // A socket path nobody listens on: a flag that slipped through would fall back
  // to a direct poll rather than reach a daemon.
  std::string command = std::string(SOCKSCOPE_CLI_PATH) + " --socket /nonexistent/sockscope.sock watch " + args +
                        " 2>" + err_path + " </dev/null";
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

struct BadWatch {
  const char* args;
  const char* named;  // what the message must name
};

class WatchUsageErrors : public ::testing::TestWithParam<BadWatch> {};

TEST_P(WatchUsageErrors, OneLineNamingTheValueAndStatusTwo) {
  const BadWatch& bad = GetParam();
  Outcome out = run_watch(bad.args);
  EXPECT_EQ(out.status, 2) << bad.args;
  EXPECT_TRUE(out.stdout_text.empty()) << out.stdout_text;
  ASSERT_FALSE(out.stderr_text.empty());
  EXPECT_EQ(out.stderr_text.find('\n'), out.stderr_text.size() - 1) << "more than one line: " << out.stderr_text;
  EXPECT_NE(out.stderr_text.find(bad.named), std::string::npos) << out.stderr_text;
  EXPECT_EQ(out.stderr_text.rfind("sockscope: ", 0), 0u) << out.stderr_text;
}

INSTANTIATE_TEST_SUITE_P(
    Watch, WatchUsageErrors,
    ::testing::Values(BadWatch{"--interval 0", "--interval '0'"},
                      BadWatch{"--interval=-1", "--interval '-1'"},
                      BadWatch{"--interval 3601", "--interval '3601'"},
                      BadWatch{"--interval 1s", "--interval '1s'"},
                      BadWatch{"--interval nan", "--interval 'nan'"},
                      BadWatch{"--interval ''", "--interval ''"},
                      BadWatch{"--count 0", "--count '0'"},
                      BadWatch{"--count 2.5", "--count '2.5'"},
                      BadWatch{"--count=-3", "--count '-3'"},
                      BadWatch{"--sort size", "--sort 'size'"},
                      BadWatch{"--sort ''", "--sort ''"},
                      BadWatch{"--filter 'state close-wiat'", "close-wiat"},
                      BadWatch{"--filter 'sport 70000'", "70000"},
                      BadWatch{"--filter 'colour blue'", "colour"},
                      BadWatch{"--filter 'sport'", "sport"},
                      BadWatch{"--direct --interval 0", "--interval '0'"},
                      BadWatch{"--json", "--json"},
                      BadWatch{"--config /nonexistent/sockscoped.toml", "/nonexistent/sockscoped.toml"},
                      BadWatch{"--colour", "--colour"},
                      BadWatch{"extra", "extra"}));

TEST(WatchUsage, HelpListsTheFlags) {
  Outcome out = run_watch("--help");
  EXPECT_EQ(out.status, 0);
  for (const char* flag : {"--interval", "--count", "--no-color", "--filter", "--sort"}) {
    EXPECT_NE(out.stdout_text.find(flag), std::string::npos) << flag;
  }
}

}  // namespace

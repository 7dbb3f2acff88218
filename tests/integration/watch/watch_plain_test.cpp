// When stdout is not a terminal, watch prints a plain block per refresh,
// each starting with "== ", until --count refreshes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <sstream>

#include "child_run.h"
#include "watch_fixture.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto kRunLimit = 15s;

// The blocks of plain output, each a list of lines starting at a "== " line.
std::vector<std::vector<std::string>> blocks_of(const std::string& out) {
  std::vector<std::vector<std::string>> blocks;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("== ", 0) == 0) blocks.emplace_back();
    if (!blocks.empty()) blocks.back().push_back(line);
  }
  return blocks;
}

std::map<std::string, uint64_t> nonzero(const std::map<std::string, uint64_t>& counts) {
  std::map<std::string, uint64_t> result;
  for (const auto& [name, count] : counts) {
    if (count != 0) result[name] = count;
  }
  return result;
}

class WatchPlainTest : public WatchTest {
 protected:
  ChildResult run_watch(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {SOCKSCOPE_CLI_PATH, "--socket", socket_path(), "watch"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_child(argv, kRunLimit);
  }

  // Every block: the header, the tcp line with exactly the test's states,
  // and a blank line at the end.
  void expect_blocks(const std::string& out, size_t count, const std::string& mode) {
    auto blocks = blocks_of(out);
    ASSERT_EQ(blocks.size(), count) << out;
    EXPECT_EQ(out.rfind("== ", 0), 0u) << "nothing before the first block:\n" << out;
    const auto expected = nonzero(KnownSockets::expected_counts());
    for (const auto& block : blocks) {
      EXPECT_NE(block[0].find(mode), std::string::npos) << block[0];
      ASSERT_GE(block.size(), 3u) << out;
      EXPECT_EQ(block[1].rfind("tcp: ", 0), 0u) << block[1];
      EXPECT_EQ(read_tcp_line(block[1]), expected) << block[1];
      EXPECT_EQ(block.back(), "") << "a block ends with a blank line:\n" << out;
    }
  }

  void SetUp() override {
    WatchTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    sockets_ = KnownSockets::make();
  }

  KnownSockets sockets_;
};

TEST_F(WatchPlainTest, DaemonRefreshesUntilCount) {
  start_watched_daemon();
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  ASSERT_EQ(nonzero(ss_state_counts()), nonzero(KnownSockets::expected_counts())) << run_command("ss -tan");

  ChildResult run = run_watch({"--count", "2"});
  ASSERT_FALSE(run.timed_out) << run.out << run.err;
  EXPECT_EQ(run.exit_status, 0) << run.err;
  expect_blocks(run.out, 2, " daemon ");
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos) << "no escape sequences in plain output";
  EXPECT_NE(run.out.find("close_wait_buildup"), std::string::npos) << "the finding is listed:\n" << run.out;
  EXPECT_NE(run.out.find("pid " + std::to_string(::getpid())), std::string::npos) << run.out;
}

TEST_F(WatchPlainTest, DirectRefreshesAtTheInterval) {
  auto started = std::chrono::steady_clock::now();
  ChildResult run = run_watch({"--direct", "--interval", "0.5", "--count", "3"});
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(run.timed_out) << run.out << run.err;
  EXPECT_EQ(run.exit_status, 0) << run.err;
  expect_blocks(run.out, 3, "direct");
  // Three refreshes, two intervals between them.
  EXPECT_GE(took, 900ms);
  EXPECT_LT(took, 5s);
}

TEST_F(WatchPlainTest, ZeroIntervalIsAUsageError) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--direct", "--interval", "0"}, {"--interval", "0"}}) {
    ChildResult run = run_watch(args);
    ASSERT_FALSE(run.timed_out);
    EXPECT_EQ(run.exit_status, 2) << args.front() << ": " << run.out << run.err;
    EXPECT_TRUE(run.out.empty()) << run.out;
    EXPECT_NE(run.err.find("interval"), std::string::npos) << run.err;
    bool names_zero = false;
    std::istringstream words(run.err);
    for (std::string word; words >> word;) {
      names_zero = names_zero || (word.find('0') != std::string::npos && word.find_first_not_of("'\"0,.:()") == std::string::npos);
    }
    EXPECT_TRUE(names_zero) << "the message names the value 0: " << run.err;
  }
}

}  // namespace
}  // namespace sockscope::testing

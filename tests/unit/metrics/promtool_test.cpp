// `promtool check metrics` (Prometheus's own linter) on the rendered text:
// it must report nothing. Skipped with a message where promtool is missing.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "metrics_fixture.h"

namespace sockscope::metrics {
namespace {

std::string promtool_path() {
  for (const char* dir : {"/usr/bin", "/usr/local/bin", "/bin"}) {
    std::string path = std::string(dir) + "/promtool";
    if (std::filesystem::exists(path)) return path;
  }
  return "";
}

struct PromtoolRun {
  int status = -1;
  std::string output;
};

PromtoolRun check_metrics(const std::string& promtool, const std::string& text) {
  char name[] = "/tmp/sockscope-metrics-XXXXXX";
  const int fd = mkstemp(name);
  if (fd < 0) return {};
  ::close(fd);
  std::ofstream(name) << text;
  PromtoolRun run;
  const std::string command = promtool + " check metrics < " + name + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe != nullptr) {
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
    const int status = ::pclose(pipe);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::filesystem::remove(name);
  return run;
}

TEST(Promtool, CheckMetricsReportsNothing) {
  const std::string promtool = promtool_path();
  if (promtool.empty()) GTEST_SKIP() << "promtool is not installed (Debian package prometheus)";
  const PromtoolRun run = check_metrics(promtool, test::render_host(20));
  EXPECT_EQ(run.status, 0) << run.output;
  EXPECT_EQ(run.output, "") << "promtool's lint findings";
}

TEST(Promtool, AProcessNameCutInsideACharacterPasses) {
  const std::string promtool = promtool_path();
  if (promtool.empty()) GTEST_SKIP() << "promtool is not installed (Debian package prometheus)";
  // java (pid 20, holding CLOSE_WAIT sockets) renamed "aサーバー処理",
  // which the kernel's 15-byte comm cuts inside 処.
  Snapshot snap = test::host_snapshot();
  const std::string cut = "a\xe3\x82\xb5\xe3\x83\xbc\xe3\x83\x90\xe3\x83\xbc\xe5\x87";
  snap.processes = sockscope::test::owners_index({
      {200, {{20, cut, 3}}},
      {201, {{20, cut, 4}}},
      {202, {{20, cut, 5}}},
      {203, {{20, cut, 6}}},
  });
  const StatusSummary summary = summarize_status(snap);
  const std::vector<Finding> findings;
  Exposition out;
  render_poll_metrics(out, {snap, summary, findings, 20});
  ASSERT_NE(out.text().find("comm=\"aサーバー\ufffd\ufffd\""), std::string::npos) << out.text();
  const PromtoolRun run = check_metrics(promtool, out.text());
  EXPECT_EQ(run.status, 0) << run.output;
  EXPECT_EQ(run.output, "");
}

TEST(Promtool, NoticesABrokenExposition) {
  const std::string promtool = promtool_path();
  if (promtool.empty()) GTEST_SKIP() << "promtool is not installed (Debian package prometheus)";
  // A counter without _total, so the check above is known to look.
  Exposition out;
  out.family("sockscope_things", MetricType::Counter, "Things.");
  out.sample(uint64_t{1});
  const PromtoolRun run = check_metrics(promtool, out.text());
  EXPECT_NE(run.output, "");
}

}  // namespace
}  // namespace sockscope::metrics

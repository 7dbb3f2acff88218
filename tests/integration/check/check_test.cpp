// `sockscope check` gives each monitoring-plugin state in a namespace made
// for it: OK when nothing is wrong, WARNING for a listener's accept queue
// past the configured share of its backlog, CRITICAL for a full one, from
// the daemon as well as from a direct poll, and UNKNOWN when the kernel
// cannot be read, when the daemon's polls keep failing, or when the command
// line is wrong.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "check_cli.h"
#include "daemon_harness.h"
#include "netns_fixture.h"
#include "tcp_sockets.h"
#include "util/unique_fd.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;

class CheckTest : public NetnsTest {
 protected:
  // A listener on 127.0.0.1 with `backlog`, and `waiting` connections it
  // never accepts.
  void listen_with_waiting(int backlog, int waiting) {
    listener_ = tcp_listen(&port_, backlog);
    ASSERT_TRUE(listener_.valid());
    for (int i = 0; i < waiting; ++i) {
      held_.push_back(tcp_connect(port_));
      ASSERT_TRUE(held_.back().valid());
    }
  }

  // One accepted loopback connection on which nothing is sent.
  void idle_connection() {
    listen_with_waiting(8, 1);
    held_.push_back(tcp_accept(listener_.get()));
    ASSERT_TRUE(held_.back().valid());
  }

  std::string listener_name() const { return "127.0.0.1:" + std::to_string(port_); }

  TempDir dir_;
  UniqueFd listener_;
  uint16_t port_ = 0;
  std::vector<UniqueFd> held_;
};

// Attaches strace to `pid` so that each of its recvmsg calls fails with
// EIO. In sockscoped only the sock_diag dump reads with recvmsg (clients
// are read with recv), so from then on every poll fails while the daemon
// keeps answering. The tracer's pid, or -1; stop_tracer() detaches it.
pid_t fail_netlink_reads(pid_t pid) {
  const pid_t tracer = ::fork();
  if (tracer == 0) {
    const std::string target = std::to_string(pid);
    ::execl("/usr/bin/strace", "strace", "-qq", "-o", "/dev/null", "-e", "trace=recvmsg", "-e",
            "inject=recvmsg:error=EIO", "-p", target.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return tracer;
}

void stop_tracer(pid_t tracer) {
  if (tracer <= 0) return;
  ::kill(tracer, SIGTERM);  // strace detaches on SIGTERM
  ::waitpid(tracer, nullptr, 0);
}

// Half the backlog is enough for a warning; the defaults stay for the rest.
constexpr const char* kHalfFullWarns = "[detectors.listen_overflow]\nqueue_pct = 50\n";

TEST_F(CheckTest, OkInAnEmptyNamespace) {
  CliRun run = run_check({"--direct"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(run.first_line().starts_with("SOCKSCOPE OK - no findings | ")) << run.out;
  EXPECT_NE(run.first_line().find("'findings_critical'=0;;;0 'findings_warning'=0;;;0"), std::string::npos);
  EXPECT_NE(run.first_line().find("'established'=0;;;0"), std::string::npos);
  EXPECT_NE(run.out.find("direct mode"), std::string::npos) << "the caveat follows the status line";
  EXPECT_EQ(run.err, "") << "a plugin's stdout is its whole answer";
}

TEST_F(CheckTest, WarningForAnAcceptQueuePastTheConfiguredShare) {
  listen_with_waiting(4, 2);
  const std::string config = dir_.write("check.toml", kHalfFullWarns);
  CliRun run = run_check({"--config", config});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_TRUE(run.first_line().starts_with("SOCKSCOPE WARNING - 1 finding: listen_overflow " + listener_name() + ": "))
      << run.out;
  EXPECT_NE(run.first_line().find("'findings_warning'=1;;;0"), std::string::npos) << run.out;
  EXPECT_NE(run.first_line().find("'accept_queue'=2;;;0"), std::string::npos) << run.out;
  EXPECT_NE(run.first_line().find("'established'=4;;;0"), std::string::npos) << "both ends of two connections";
  EXPECT_NE(run.out.find("\n[warning] listen_overflow " + listener_name()), std::string::npos) << run.out;

  // With the default 90 % it is not a finding at all.
  CliRun defaults = run_check({"--direct"});
  EXPECT_EQ(defaults.exit_code, 0) << defaults.out;
}

TEST_F(CheckTest, CriticalForAFullAcceptQueue) {
  // Backlog 1 holds two (the kernel calls it full past the limit).
  listen_with_waiting(1, 2);
  CliRun run = run_check({"--direct"});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_TRUE(run.first_line().starts_with("SOCKSCOPE CRITICAL - 1 finding: listen_overflow " + listener_name()))
      << run.out;
  EXPECT_NE(run.first_line().find("'findings_critical'=1;;;0"), std::string::npos);
  EXPECT_NE(run.first_line().find("'tcp_memory'="), std::string::npos) << "tcp memory in the perfdata";
}

TEST_F(CheckTest, KindLimitsWhatCounts) {
  listen_with_waiting(1, 2);
  CliRun other = run_check({"--direct", "--kind", "close_wait_buildup", "--kind", "time_wait_buildup"});
  EXPECT_EQ(other.exit_code, 0) << other.out;
  EXPECT_TRUE(other.first_line().starts_with("SOCKSCOPE OK - no findings | ")) << other.out;
  EXPECT_NE(other.first_line().find("'findings_critical'=0"), std::string::npos) << "perfdata counts the kinds chosen";

  CliRun same = run_check({"--direct", "--kind", "listen_overflow"});
  EXPECT_EQ(same.exit_code, 2) << same.out;
}

TEST_F(CheckTest, MinSeverityDecidesWhatMakesItWarn) {
  // An idle connection without keepalive is an info finding.
  idle_connection();
  const std::string config = dir_.write("check.toml", "[detectors.half_open]\nidle_s = 0.3\n");
  std::this_thread::sleep_for(800ms);

  CliRun by_default = run_check({"--config", config});
  EXPECT_EQ(by_default.exit_code, 0) << by_default.out;
  EXPECT_TRUE(by_default.first_line().starts_with("SOCKSCOPE OK - no findings at warning or above (1 below) | "))
      << by_default.out;
  EXPECT_NE(by_default.first_line().find("'findings_info'=1;;;0"), std::string::npos);

  CliRun info = run_check({"--config", config, "--min-severity", "info"});
  EXPECT_EQ(info.exit_code, 1) << info.out;
  EXPECT_TRUE(info.first_line().starts_with("SOCKSCOPE WARNING - 1 finding: half_open ")) << info.out;
  EXPECT_NE(info.out.find("\n[info] half_open "), std::string::npos) << info.out;
}

TEST_F(CheckTest, MinSeverityCriticalIgnoresWarnings) {
  listen_with_waiting(4, 2);
  const std::string config = dir_.write("check.toml", kHalfFullWarns);
  CliRun run = run_check({"--config", config, "--min-severity", "critical"});
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_TRUE(run.first_line().starts_with("SOCKSCOPE OK - no findings at critical or above (1 below)")) << run.out;
}

TEST_F(CheckTest, DaemonFindingsDecideTheState) {
  // Raised on the second poll that sees it (hysteresis), cleared after two without.
  const std::string config =
      dir_.write("sockscoped.toml", std::string(kHalfFullWarns) + "[findings]\nraise_after = 2\nclear_after = 2\n");
  const std::string socket = dir_.file("sockscoped.sock");
  DaemonProcess daemon;
  ASSERT_TRUE(daemon.start(socket, {"--config", config, "--interval", "0.2"})) << "sockscoped did not come up";

  CliRun quiet = run_check({"--socket", socket});
  EXPECT_EQ(quiet.exit_code, 0) << quiet.out << quiet.err;
  EXPECT_EQ(quiet.out.find("direct mode"), std::string::npos) << "answered by the daemon: " << quiet.out;

  listen_with_waiting(4, 2);
  CliRun run;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  do {
    run = run_check({"--socket", socket});
    if (run.exit_code == 1) break;
    std::this_thread::sleep_for(100ms);
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_TRUE(run.first_line().starts_with("SOCKSCOPE WARNING - 1 finding: listen_overflow " + listener_name()))
      << run.out;
  EXPECT_NE(run.first_line().find("'accept_queue'=2;;;0"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("direct mode"), std::string::npos) << run.out;

  // The daemon's warning does not count at --min-severity critical.
  CliRun critical_only = run_check({"--socket", socket, "--min-severity", "critical"});
  EXPECT_EQ(critical_only.exit_code, 0) << critical_only.out;
}

TEST_F(CheckTest, UnknownWhenNeitherTheDaemonNorDirectModeCanReadTheKernel) {
  if (!can_refuse_netlink()) GTEST_SKIP() << "no seccomp filter for this architecture in the test";
  // Sanity: with netlink refused, a plain direct poll fails.
  CliRun run = run_check({"--socket", dir_.file("nobody.sock")}, Netlink::Refused);
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_TRUE(run.first_line().starts_with("SOCKSCOPE UNKNOWN - cannot read the kernel: ")) << run.out;
  EXPECT_NE(run.out.find("Address family not supported"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("no daemon at " + dir_.file("nobody.sock")), std::string::npos) << run.out;

  CliRun direct = run_check({"--direct"}, Netlink::Refused);
  EXPECT_EQ(direct.exit_code, 3) << direct.out;
}

TEST_F(CheckTest, UnknownWhenTheDaemonsPollsKeepFailing) {
  if (!std::filesystem::exists("/usr/bin/strace")) GTEST_SKIP() << "strace is not installed";
  const std::string socket = dir_.file("sockscoped.sock");
  DaemonProcess daemon;
  ASSERT_TRUE(daemon.start(socket, {"--config", dir_.write("sockscoped.toml", ""), "--interval", "0.2"}))
      << "sockscoped did not come up";
  ASSERT_TRUE(wait_for_polls(socket, 1));
  CliRun fresh = run_check({"--socket", socket});
  EXPECT_EQ(fresh.exit_code, 0) << fresh.out << fresh.err;
  EXPECT_EQ(fresh.out.find("direct mode"), std::string::npos) << "answered by the daemon: " << fresh.out;

  const pid_t tracer = fail_netlink_reads(daemon.pid());
  ASSERT_GT(tracer, 0);
  nlohmann::json status;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  do {
    std::this_thread::sleep_for(100ms);
    status = daemon_status(socket);
  } while (!(status.is_object() && status["daemon"]["polls_failed"].get<uint64_t>() >= 3) &&
           std::chrono::steady_clock::now() < deadline);
  ASSERT_TRUE(status.is_object());
  ASSERT_GE(status["daemon"]["polls_failed"].get<uint64_t>(), 3u) << "the daemon's polls did not start failing";
  // Three intervals of 0.2 s, but at least 2 s, from the last good poll.
  const auto last_good = std::chrono::system_clock::time_point(std::chrono::milliseconds(status["taken_at_ms"]));
  std::this_thread::sleep_until(last_good + 2500ms);

  CliRun stale = run_check({"--socket", socket});
  stop_tracer(tracer);
  EXPECT_EQ(stale.exit_code, 3) << stale.out << stale.err;
  EXPECT_TRUE(stale.first_line().starts_with("SOCKSCOPE UNKNOWN - the daemon's data is stale: its last good poll was "))
      << stale.out;
  EXPECT_NE(stale.first_line().find(" s ago (it polls every 0.2 s; "), std::string::npos) << stale.out;
  EXPECT_NE(stale.first_line().find(" polls failed since it started)"), std::string::npos) << stale.out;
  EXPECT_EQ(stale.err, "");

  // Once its polls succeed again, so does the check.
  ASSERT_TRUE(wait_for_polls(socket, 2));
  CliRun again = run_check({"--socket", socket});
  EXPECT_EQ(again.exit_code, 0) << again.out;
}

// A daemon that could never read the kernel answers not_ready: check waits
// out a first poll, then says UNKNOWN rather than polling directly.
TEST_F(CheckTest, UnknownWhenTheDaemonNeverPolledSuccessfully) {
  if (!std::filesystem::exists("/usr/bin/strace")) GTEST_SKIP() << "strace is not installed";
  const std::string socket = dir_.file("sockscoped.sock");
  const std::string config = dir_.write("sockscoped.toml", "");
  const std::string daemon = daemon_binary();
  // strace and the daemon it starts share a process group, killed together.
  const pid_t group = ::fork();
  ASSERT_GE(group, 0);
  if (group == 0) {
    ::setpgid(0, 0);
    ::execl("/usr/bin/strace", "strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=recvmsg", "-e",
            "inject=recvmsg:error=EIO", daemon.c_str(), "--socket", socket.c_str(), "--config", config.c_str(),
            "--interval", "0.2", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  nlohmann::json answer;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  do {
    std::this_thread::sleep_for(100ms);
    answer = request_once(socket, {{"method", "findings"}});
  } while (!answer.contains("error") && std::chrono::steady_clock::now() < deadline);
  CliRun run = run_check({"--socket", socket});
  ::kill(-group, SIGKILL);
  ::waitpid(group, nullptr, 0);

  ASSERT_TRUE(answer.contains("error")) << "the daemon did not answer: " << answer.dump();
  EXPECT_EQ(answer["error"]["code"], "not_ready") << answer.dump();
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_TRUE(run.first_line().starts_with("SOCKSCOPE UNKNOWN - the daemon has had no good poll since it started: "
                                           "no poll has succeeded yet ("))
      << run.out;
  EXPECT_EQ(run.out.find("direct mode"), std::string::npos) << run.out;
}

TEST_F(CheckTest, UsageErrorsAreUnknown) {
  CliRun kind = run_check({"--direct", "--kind", "no_such_kind"});
  EXPECT_EQ(kind.exit_code, 3) << kind.out;
  EXPECT_TRUE(kind.first_line().starts_with("SOCKSCOPE UNKNOWN - usage: --kind: unknown finding kind 'no_such_kind'"))
      << kind.out;

  CliRun severity = run_check({"--min-severity", "loud"});
  EXPECT_EQ(severity.exit_code, 3) << severity.out;
  EXPECT_TRUE(severity.first_line().starts_with("SOCKSCOPE UNKNOWN - usage: ")) << severity.out;

  CliRun option = run_check({"--no-such-option"});
  EXPECT_EQ(option.exit_code, 3) << option.out;

  CliRun json = run_check({"--json"});
  EXPECT_EQ(json.exit_code, 3) << json.out;

  const std::string bad = dir_.write("bad.toml", "[detectors.listen_overflow]\nqueue_pct = \"half\"\n");
  CliRun config = run_check({"--config", bad});
  EXPECT_EQ(config.exit_code, 3) << config.out;
  EXPECT_NE(config.out.find("bad.toml"), std::string::npos) << config.out;
}

}  // namespace
}  // namespace sockscope::testing

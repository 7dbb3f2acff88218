// Hook commands in a real daemon: a finding raised and cleared by real
// sockets reaches a hook with the right JSON and environment; a finding that
// turns critical reaches a hook waiting for critical; a clear never overtakes
// its raise; a dropped raise gets no clear; a hook on "raised" alone gets a
// held raise; a hook that hangs is killed at its timeout while polls go on;
// a burst of findings stays within max_running and the queue bound; SIGHUP
// applies new hooks.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>
#include <vector>

#include "daemon_fixture.h"
#include "tcp_sockets.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// One run of the recording hook: what came on stdin, its environment, and
// when it started and ended (CLOCK_REALTIME nanoseconds, from date +%s%N).
struct HookRun {
  json event;
  std::map<std::string, std::string> env;
  int64_t start_ns = 0;
  int64_t end_ns = 0;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Records each run in DIR: run-PID.json (stdin), run-PID.env, and last,
// renamed into place so a reader never sees half of it, run-PID.times.
constexpr const char* kRecordingHook = R"sh(#!/bin/sh
start=$(date +%s%N)
f="$1/run-$$"
cat > "$f.json"
env > "$f.env"
sleep "${2:-0}"
echo "$start $(date +%s%N)" > "$f.tmp" && mv "$f.tmp" "$f.times"
)sh";

class DaemonHooksTest : public DaemonTest {
 protected:
  void SetUp() override {
    DaemonTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    runs_dir_ = dir_.file("runs");
    std::filesystem::create_directory(runs_dir_);
    std::ofstream(dir_.file("record.sh")) << kRecordingHook;
  }

  void TearDown() override {
    for (pid_t child : children_) {
      ::kill(child, SIGKILL);
      ::waitpid(child, nullptr, 0);
    }
  }

  // A [[hooks]] table running the recording hook, sleeping `sleep_s` before it ends.
  std::string recording_hook(const std::string& extra, double sleep_s = 0) const {
    return "[[hooks]]\ncommand = [\"/bin/sh\", \"" + dir_.file("record.sh") + "\", \"" + runs_dir_ + "\", \"" +
           std::to_string(sleep_s) + "\"]\n" + extra + "\n";
  }

  std::vector<HookRun> runs() const {
    std::vector<HookRun> found;
    for (const auto& entry : std::filesystem::directory_iterator(runs_dir_)) {
      const std::string path = entry.path().string();
      if (!path.ends_with(".times")) continue;
      const std::string base = path.substr(0, path.size() - 6);
      HookRun run;
      run.event = json::parse(read_file(base + ".json"), nullptr, false);
      std::istringstream env(read_file(base + ".env"));
      for (std::string line; std::getline(env, line);) {
        size_t eq = line.find('=');
        if (eq != std::string::npos) run.env[line.substr(0, eq)] = line.substr(eq + 1);
      }
      std::istringstream(read_file(path)) >> run.start_ns >> run.end_ns;
      found.push_back(std::move(run));
    }
    std::sort(found.begin(), found.end(), [](const HookRun& a, const HookRun& b) { return a.start_ns < b.start_ns; });
    return found;
  }

  // Waits until `count` runs for `event` are recorded.
  std::vector<HookRun> wait_for_runs(const std::string& event, size_t count, std::chrono::seconds timeout = 10s) {
    std::vector<HookRun> matching;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      matching.clear();
      for (HookRun& run : runs()) {
        if (run.event.is_object() && run.event["event"] == event) matching.push_back(std::move(run));
      }
      if (matching.size() >= count) break;
      std::this_thread::sleep_for(50ms);
    }
    return matching;
  }

  json hook_figures() {
    json status = daemon_status(socket_path());
    return status.is_object() ? status["daemon"]["hooks"] : json();
  }

  // Three connections whose client side closed: the accepted ends, held
  // here, sit in CLOSE_WAIT.
  void make_close_wait() {
    listener_ = tcp_listen(&port_);
    ASSERT_TRUE(listener_.valid());
    for (int i = 0; i < 3; ++i) {
      UniqueFd client = tcp_connect(port_);
      ASSERT_TRUE(client.valid());
      held_.push_back(tcp_accept(listener_.get()));
      ASSERT_TRUE(held_.back().valid());
    }
  }

  // A child process holding three CLOSE_WAIT sockets of its own until killed.
  void fork_close_wait_holder() {
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(ready[0]);
      uint16_t port = 0;
      UniqueFd listener = tcp_listen(&port);
      UniqueFd held[3];
      for (UniqueFd& fd : held) {
        UniqueFd client = tcp_connect(port);
        fd = tcp_accept(listener.get());
      }
      char ok = listener.valid() && held[2].valid() ? '1' : '0';
      (void)::write(ready[1], &ok, 1);
      while (true) ::pause();
    }
    ::close(ready[1]);
    char ok = '0';
    EXPECT_EQ(::read(ready[0], &ok, 1), 1);
    ::close(ready[0]);
    children_.push_back(pid);
    ASSERT_EQ(ok, '1');
  }

  // Thresholds low enough that three CLOSE_WAIT sockets raise at once, and
  // one poll without them clears.
  std::vector<std::string> low_thresholds() const {
    return {"--interval", "0.2", "--set", "findings.raise_after=1", "--set", "findings.clear_after=1", "--set",
            "detectors.close_wait_buildup.min_age_s=0", "--set", "detectors.close_wait_buildup.min_count=3", "--set",
            "collect.owner_rescan_s=0"};
  }

  std::string runs_dir_;
  uint16_t port_ = 0;
  UniqueFd listener_;
  std::vector<UniqueFd> held_;
  std::vector<pid_t> children_;
};

std::string node_name() {
  utsname names{};
  return ::uname(&names) == 0 ? names.nodename : "";
}

void expect_environment_matches(const HookRun& run, const std::string& event) {
  const json& finding = run.event["finding"];
  EXPECT_EQ(run.env.at("SOCKSCOPE_EVENT"), event);
  EXPECT_EQ(run.env.at("SOCKSCOPE_KIND"), finding["kind"]);
  EXPECT_EQ(run.env.at("SOCKSCOPE_SEVERITY"), finding["severity"]);
  EXPECT_EQ(run.env.at("SOCKSCOPE_SUBJECT"), finding["subject"]);
  EXPECT_EQ(run.env.at("SOCKSCOPE_SUMMARY"), finding["summary"]);
  EXPECT_EQ(run.env.at("SOCKSCOPE_FINDING_ID"), finding["id"]);
  EXPECT_EQ(run.env.count("SOCKSCOPE_TEST"), 0u);
  EXPECT_FALSE(run.env.at("PATH").empty());
  // Only these, and what /bin/sh itself sets for the commands it runs.
  for (const auto& [name, value] : run.env) {
    bool allowed = name.starts_with("SOCKSCOPE_") || name == "PATH" || name == "LANG" || name == "TZ" ||
                   name == "PWD" || name == "OLDPWD" || name == "SHLVL" || name == "_";
    EXPECT_TRUE(allowed) << "leaked into the hook: " << name << "=" << value;
  }
}

TEST_F(DaemonHooksTest, RaiseAndClearReachTheHookWithJsonAndEnvironment) {
  write_config(recording_hook("kinds = [\"close_wait_buildup\"]"));
  ::setenv("SOCKSCOPE_HOOK_TEST_SECRET", "must-not-leak", 1);  // the daemon inherits it; its hooks must not
  start_daemon(low_thresholds());
  ::unsetenv("SOCKSCOPE_HOOK_TEST_SECRET");
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  const auto before = std::chrono::system_clock::now();
  make_close_wait();

  std::vector<HookRun> raised = wait_for_runs("raised", 1);
  ASSERT_EQ(raised.size(), 1u) << "the hook never ran for the raise";
  const json& event = raised[0].event;
  EXPECT_EQ(event["test"], false);
  EXPECT_EQ(event["host"], node_name());
  const double time = event["time"].get<double>();
  const double now_s = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_GE(time, std::chrono::duration<double>(before.time_since_epoch()).count() - 1);
  EXPECT_LE(time, now_s + 1);
  const json& finding = event["finding"];
  EXPECT_EQ(finding["kind"], "close_wait_buildup");
  EXPECT_EQ(finding["id"], "close_wait_buildup:pid=" + std::to_string(::getpid()));
  EXPECT_EQ(finding["evidence"]["count"], 3);
  EXPECT_EQ(finding["sockets"].size(), 3u);
  EXPECT_TRUE(finding["since"].is_number());
  // the finding exactly as the daemon's findings method has it
  auto listed = request_once(socket_path(), {{"method", "findings"}});
  ASSERT_EQ(listed["result"]["findings"].size(), 1u) << listed.dump();
  EXPECT_EQ(listed["result"]["findings"][0]["id"], finding["id"]);
  EXPECT_EQ(listed["result"]["findings"][0]["sockets"], finding["sockets"]);
  expect_environment_matches(raised[0], "raised");
  EXPECT_EQ(raised[0].env.count("SOCKSCOPE_HOOK_TEST_SECRET"), 0u);

  held_.clear();
  std::vector<HookRun> cleared = wait_for_runs("cleared", 1);
  ASSERT_EQ(cleared.size(), 1u) << "the hook never ran for the clear";
  EXPECT_EQ(cleared[0].event["finding"]["id"], finding["id"]);
  EXPECT_EQ(cleared[0].event["test"], false);
  expect_environment_matches(cleared[0], "cleared");

  json figures = hook_figures();
  EXPECT_EQ(figures["started"], 2) << figures.dump();
  EXPECT_EQ(figures["failed"], 0) << figures.dump();
  EXPECT_EQ(figures["dropped"], 0) << figures.dump();
}

TEST_F(DaemonHooksTest, AHangingHookIsKilledAtItsTimeoutWhilePollsGoOn) {
  write_config("[[hooks]]\ncommand = [\"/bin/sh\", \"-c\", \"echo $$ > " + dir_.file("hang.pid") +
               "; sleep 100\"]\non = \"raised\"\nkinds = [\"close_wait_buildup\"]\ntimeout_s = 1.5\n");
  start_daemon(low_thresholds());
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  make_close_wait();

  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (read_file(dir_.file("hang.pid")).empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  const std::string pid_text = read_file(dir_.file("hang.pid"));
  ASSERT_FALSE(pid_text.empty()) << "the hook never started";
  const pid_t hook = static_cast<pid_t>(std::stol(pid_text));
  const auto started = std::chrono::steady_clock::now();

  // While the hook hangs, polls keep their 0.2 s pace.
  json first = daemon_status(socket_path());
  ASSERT_TRUE(first.is_object());
  EXPECT_EQ(first["daemon"]["hooks"]["running"], 1) << first.dump();
  const uint64_t polls_before = first["daemon"]["polls"];
  int64_t last_taken = first["taken_at_ms"];
  int64_t longest_gap_ms = 0;
  while (std::chrono::steady_clock::now() - started < 1200ms) {
    std::this_thread::sleep_for(50ms);
    json status = daemon_status(socket_path());
    ASSERT_TRUE(status.is_object());
    int64_t taken = status["taken_at_ms"];
    if (taken != last_taken) {
      longest_gap_ms = std::max(longest_gap_ms, taken - last_taken);
      last_taken = taken;
    }
  }
  json during = daemon_status(socket_path());
  EXPECT_GE(during["daemon"]["polls"].get<uint64_t>(), polls_before + 4) << during.dump();
  EXPECT_LT(longest_gap_ms, 700) << "a poll was held up while the hook hung";

  // SIGTERM at 1.5 s ends it (sh dies of it; its sleep with it, same group).
  bool gone = false;
  while (!gone && std::chrono::steady_clock::now() - started < 6s) {
    gone = ::kill(hook, 0) != 0 && errno == ESRCH;
    if (!gone) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(gone) << "the hook outlived its timeout";
  EXPECT_GE(std::chrono::steady_clock::now() - started, 1200ms);
  json figures;
  deadline = std::chrono::steady_clock::now() + 5s;
  do {
    figures = hook_figures();
    if (figures.is_object() && figures["timed_out"] == 1) break;
    std::this_thread::sleep_for(50ms);
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(figures["timed_out"], 1) << figures.dump();
  EXPECT_EQ(figures["failed"], 1) << figures.dump();
  EXPECT_EQ(figures["running"], 0) << figures.dump();
  EXPECT_TRUE(wait_for_polls(socket_path(), 3, 3s)) << "polls go on after the kill";
  EXPECT_TRUE(daemon_.running());
}

TEST_F(DaemonHooksTest, ABurstStaysWithinMaxRunningAndTheQueueBound) {
  // Eight processes each holding CLOSE_WAIT sockets: eight findings raised
  // by the daemon's first poll. Two run at once, three wait, three are dropped.
  constexpr int kHolders = 8;
  for (int i = 0; i < kHolders; ++i) fork_close_wait_holder();
  write_config(recording_hook("on = \"raised\"\nkinds = [\"close_wait_buildup\"]", 0.4) +
               "[hook_runner]\nmax_running = 2\nqueue_limit = 3\nmin_interval_s = 0\n");
  start_daemon(low_thresholds());

  json figures;
  auto deadline = std::chrono::steady_clock::now() + 15s;
  size_t most_running = 0;
  size_t most_queued = 0;
  do {
    std::this_thread::sleep_for(50ms);
    figures = hook_figures();
    if (!figures.is_object()) continue;
    most_running = std::max<size_t>(most_running, figures["running"]);
    most_queued = std::max<size_t>(most_queued, figures["queued"]);
  } while (std::chrono::steady_clock::now() < deadline &&
           !(figures.is_object() && figures["started"] == 5 && figures["running"] == 0 && figures["queued"] == 0));
  EXPECT_EQ(figures["started"], 5) << figures.dump();
  EXPECT_EQ(figures["dropped"], 3) << figures.dump();
  EXPECT_EQ(figures["failed"], 0) << figures.dump();
  EXPECT_LE(most_running, 2u);
  EXPECT_LE(most_queued, 3u);

  std::vector<HookRun> done = wait_for_runs("raised", 5);
  ASSERT_EQ(done.size(), 5u);
  // From the hooks' own clocks: never more than two at once.
  std::vector<std::pair<int64_t, int>> edges;
  for (const HookRun& run : done) {
    ASSERT_GT(run.end_ns, run.start_ns);
    edges.push_back({run.start_ns, +1});
    edges.push_back({run.end_ns, -1});
  }
  std::sort(edges.begin(), edges.end());  // an end before a start at the same instant
  int running = 0;
  int peak = 0;
  for (const auto& [at, change] : edges) {
    running += change;
    peak = std::max(peak, running);
  }
  EXPECT_EQ(peak, 2) << "two slots, both used";
  std::vector<std::string> ids;
  for (const HookRun& run : done) ids.push_back(run.event["finding"]["id"]);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::unique(ids.begin(), ids.end()), ids.end()) << "five different findings";
}

// The finding whose raise the hooks get from make_close_wait().
std::string own_close_wait_id() { return "close_wait_buildup:pid=" + std::to_string(::getpid()); }

// The severity of the daemon's finding `id`, or "" while there is none.
std::string finding_severity(const std::string& socket, const std::string& id) {
  json listed = request_once(socket, {{"method", "findings"}});
  if (!listed.is_object() || !listed["result"].is_object()) return "";
  for (const json& f : listed["result"]["findings"]) {
    if (f["id"] == id) return f["severity"];
  }
  return "";
}

TEST_F(DaemonHooksTest, AFindingThatBecomesCriticalReachesAHookWaitingForCritical) {
  // A CLOSE_WAIT buildup is raised as a warning, and turns critical when
  // more sockets keep joining: with min_age_s = 1 the growth window is 1 s,
  // so three sockets 2 s old plus a new one past 1 s make it critical.
  write_config(recording_hook("kinds = [\"close_wait_buildup\"]\nmin_severity = \"critical\""));
  std::vector<std::string> args = low_thresholds();
  args.insert(args.end(), {"--set", "detectors.close_wait_buildup.min_age_s=1"});
  start_daemon(args);
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  make_close_wait();
  const std::string id = own_close_wait_id();
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (finding_severity(socket_path(), id).empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_EQ(finding_severity(socket_path(), id), "warning");
  std::this_thread::sleep_for(1500ms);  // all three are past the window now: no growth
  ASSERT_EQ(finding_severity(socket_path(), id), "warning");
  EXPECT_TRUE(runs().empty()) << "a warning is below the hook's min_severity";

  UniqueFd client = tcp_connect(port_);  // one more, closed by its client at once
  ASSERT_TRUE(client.valid());
  held_.push_back(tcp_accept(listener_.get()));
  client.reset();
  std::vector<HookRun> raised = wait_for_runs("raised", 1);
  ASSERT_EQ(raised.size(), 1u) << "the hook never heard of the escalation";
  const json& finding = raised[0].event["finding"];
  EXPECT_EQ(finding["id"], id);
  EXPECT_EQ(finding["severity"], "critical");
  EXPECT_EQ(finding["evidence"]["growing"], true);
  EXPECT_EQ(raised[0].env.at("SOCKSCOPE_SEVERITY"), "critical");
  expect_environment_matches(raised[0], "raised");

  held_.clear();
  std::vector<HookRun> cleared = wait_for_runs("cleared", 1);
  ASSERT_EQ(cleared.size(), 1u) << "the escalation's raise gets its clear";
  EXPECT_EQ(cleared[0].event["finding"]["id"], id);
  EXPECT_EQ(wait_for_runs("raised", 2, 1s).size(), 1u) << "one raise only";
}

TEST_F(DaemonHooksTest, AClearWaitsWhileTheHookStillRunsForItsRaise) {
  write_config(recording_hook("kinds = [\"close_wait_buildup\"]", 1.0));
  start_daemon(low_thresholds());
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  make_close_wait();
  json figures;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  do {
    std::this_thread::sleep_for(20ms);
    figures = hook_figures();
  } while (!(figures.is_object() && figures["running"] == 1) && std::chrono::steady_clock::now() < deadline);
  ASSERT_EQ(figures["running"], 1) << "the raise never started: " << figures.dump();
  held_.clear();  // cleared at the next poll, while the raise still sleeps

  std::vector<HookRun> cleared = wait_for_runs("cleared", 1);
  ASSERT_EQ(cleared.size(), 1u);
  std::vector<HookRun> raised = wait_for_runs("raised", 1);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_GE(cleared[0].start_ns, raised[0].end_ns) << "the clear started while its raise still ran";
  EXPECT_EQ(hook_figures()["dropped"], 0);
}

TEST_F(DaemonHooksTest, ARaiseDroppedForAFullQueueGetsNoClear) {
  // Three findings at the first poll, one slot and no queue: one raise runs, two are dropped.
  for (int i = 0; i < 3; ++i) fork_close_wait_holder();
  write_config(recording_hook("kinds = [\"close_wait_buildup\"]", 0.3) +
               "[hook_runner]\nmax_running = 1\nqueue_limit = 0\nmin_interval_s = 0\n");
  start_daemon(low_thresholds());
  std::vector<HookRun> raised = wait_for_runs("raised", 1);
  ASSERT_EQ(raised.size(), 1u);
  json figures;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  do {
    std::this_thread::sleep_for(20ms);
    figures = hook_figures();
  } while (!(figures.is_object() && figures["running"] == 0) && std::chrono::steady_clock::now() < deadline);
  ASSERT_EQ(figures["dropped"], 2) << figures.dump();

  for (pid_t holder : children_) {
    ::kill(holder, SIGKILL);
    ::waitpid(holder, nullptr, 0);
  }
  children_.clear();
  std::vector<HookRun> cleared = wait_for_runs("cleared", 1);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].event["finding"]["id"], raised[0].event["finding"]["id"]) << "the clear of the raise it ran";
  ASSERT_TRUE(wait_for_polls(socket_path(), 5));
  EXPECT_EQ(wait_for_runs("cleared", 2, 1s).size(), 1u) << "no clear for a raise the hook never saw";
  figures = hook_figures();
  EXPECT_EQ(figures["dropped"], 2) << "no clear was even tried for the dropped raises: " << figures.dump();
  EXPECT_EQ(figures["started"], 2) << figures.dump();
}

TEST_F(DaemonHooksTest, ARaiseOnlyHookGetsItsHeldRaiseOnceTheIntervalIsOver) {
  write_config(recording_hook("on = \"raised\"\nkinds = [\"close_wait_buildup\"]") +
               "[hook_runner]\nmin_interval_s = 2\n");
  start_daemon(low_thresholds());
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  make_close_wait();
  std::vector<HookRun> first = wait_for_runs("raised", 1);
  ASSERT_EQ(first.size(), 1u);
  held_.clear();  // cleared: the hook takes no clears
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!finding_severity(socket_path(), own_close_wait_id()).empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  make_close_wait();  // raised again within the 2 s: held back, then delivered
  std::vector<HookRun> both = wait_for_runs("raised", 2);
  ASSERT_EQ(both.size(), 2u) << "the held raise never came";
  EXPECT_GE(both[1].start_ns - both[0].start_ns, 1'500'000'000) << "held for the interval";
  EXPECT_GE(hook_figures()["rate_limited"], 1);
}

TEST_F(DaemonHooksTest, AHookThatCannotStartCountsAsFailedNotStarted) {
  write_config("[[hooks]]\ncommand = [\"" + dir_.file("no-such-hook") + "\"]\nkinds = [\"close_wait_buildup\"]\n");
  start_daemon(low_thresholds());
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  make_close_wait();
  json figures;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  do {
    std::this_thread::sleep_for(50ms);
    figures = hook_figures();
  } while (!(figures.is_object() && figures["failed"] == 1) && std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(figures["failed"], 1) << figures.dump();
  EXPECT_EQ(figures["started"], 0) << "nothing was started: " << figures.dump();
  EXPECT_EQ(figures["running"], 0) << figures.dump();

  // The raise never ran, so the clear is not tried: no second failure.
  held_.clear();
  deadline = std::chrono::steady_clock::now() + 10s;
  json listed;
  do {
    std::this_thread::sleep_for(50ms);
    listed = request_once(socket_path(), {{"method", "findings"}});
  } while (!listed["result"]["findings"].empty() && std::chrono::steady_clock::now() < deadline);
  ASSERT_TRUE(listed["result"]["findings"].empty()) << listed.dump();
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  figures = hook_figures();
  EXPECT_EQ(figures["failed"], 1) << figures.dump();
}

TEST_F(DaemonHooksTest, SighupAppliesNewHooksAndRefusesBadOnes) {
  start_daemon(low_thresholds());
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  write_config("[[hooks]]\ncommand = [\"/bin/sh\"]\nkinds = [\"no_such_kind\"]\n");
  daemon_.signal(SIGHUP);
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  EXPECT_TRUE(daemon_.running()) << "a bad reload keeps the old configuration";

  write_config(recording_hook("kinds = [\"close_wait_buildup\"]"));
  daemon_.signal(SIGHUP);
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  make_close_wait();
  std::vector<HookRun> raised = wait_for_runs("raised", 1);
  ASSERT_EQ(raised.size(), 1u) << "the reloaded hook never ran";
  EXPECT_EQ(raised[0].event["finding"]["kind"], "close_wait_buildup");
}

}  // namespace
}  // namespace sockscope::testing

// clear_ambient_and_inheritable_capabilities, each case in a forked child so
// the test process keeps its own capability sets. Raising a capability into
// the inheritable and ambient sets needs it in the permitted set, so those
// cases run only where the test has CAP_NET_BIND_SERVICE (as root).
#include <gtest/gtest.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>

#include "alert/exec_capabilities.h"
#include "alert/hook_process.h"
#include "alert/hook_wait.h"

namespace sockscope::alert {
namespace {

using namespace std::chrono_literals;

constexpr const char* kNoCapabilities = "0000000000000000";
constexpr const char* kUnsupported = "unsupported";

// The Cap* fields of a /proc/PID/status text: {"CapAmb": "0000000000000400", ...}.
std::map<std::string, std::string> capability_sets(const std::string& status) {
  std::map<std::string, std::string> sets;
  std::istringstream lines(status);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("Cap")) continue;
    std::istringstream fields(line);
    std::string name;
    std::string value;
    fields >> name >> value;
    if (name.ends_with(':')) name.pop_back();
    sets[name] = value;
  }
  return sets;
}

std::string own_status() {
  std::ifstream in("/proc/self/status");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `body` in a forked child and returns the text it produced.
std::string in_child(const std::function<std::string()>& body) {
  int fds[2];
  if (::pipe(fds) != 0) return "pipe failed";
  pid_t pid = ::fork();
  if (pid < 0) return "fork failed";
  if (pid == 0) {
    ::close(fds[0]);
    const std::string text = body();
    size_t written = 0;
    while (written < text.size()) {
      ssize_t n = ::write(fds[1], text.data() + written, text.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      written += static_cast<size_t>(n);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string text;
  char buffer[1024];
  while (true) {
    ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  return text;
}

// Puts `cap` into this thread's inheritable and ambient sets.
bool raise_inheritable_and_ambient(int cap) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct sets[_LINUX_CAPABILITY_U32S_3]{};
  if (::syscall(SYS_capget, &header, sets) != 0) return false;
  sets[CAP_TO_INDEX(cap)].inheritable |= CAP_TO_MASK(cap);
  if (::syscall(SYS_capset, &header, sets) != 0) return false;
  return ::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) == 0;
}

std::string result_text(const Result<void>& result) { return result ? "ok\n" : result.error().describe() + "\n"; }

TEST(ExecCapabilitiesTest, NothingToClearSucceedsAndKeepsThePermittedAndEffectiveSets) {
  const std::string report = in_child([] {
    const std::string before = own_status();
    if (auto cleared = clear_ambient_and_inheritable_capabilities(); !cleared) return result_text(cleared);
    // A second call finds both sets empty.
    const std::string again = result_text(clear_ambient_and_inheritable_capabilities());
    return again + before + "--\n" + own_status();
  });
  ASSERT_TRUE(report.starts_with("ok\n")) << report;
  const size_t split = report.find("--\n");
  ASSERT_NE(split, std::string::npos) << report;
  auto before = capability_sets(report.substr(3, split - 3));
  auto after = capability_sets(report.substr(split + 3));
  EXPECT_EQ(after["CapInh"], kNoCapabilities);
  EXPECT_EQ(after["CapAmb"], kNoCapabilities);
  EXPECT_EQ(after["CapPrm"], before["CapPrm"]);
  EXPECT_EQ(after["CapEff"], before["CapEff"]);
  EXPECT_EQ(after["CapBnd"], before["CapBnd"]);
}

TEST(ExecCapabilitiesTest, ClearsRaisedAmbientAndInheritableCapabilities) {
  const std::string report = in_child([] {
    if (!raise_inheritable_and_ambient(CAP_NET_BIND_SERVICE)) return std::string(kUnsupported);
    const std::string before = own_status();
    const std::string cleared = result_text(clear_ambient_and_inheritable_capabilities());
    return cleared + before + "--\n" + own_status();
  });
  if (report == kUnsupported) GTEST_SKIP() << "needs CAP_NET_BIND_SERVICE in the permitted set";
  ASSERT_TRUE(report.starts_with("ok\n")) << report;
  const size_t split = report.find("--\n");
  ASSERT_NE(split, std::string::npos) << report;
  auto before = capability_sets(report.substr(3, split - 3));
  auto after = capability_sets(report.substr(split + 3));
  ASSERT_EQ(before["CapAmb"], "0000000000000400");  // bit 10, the capability the child raised
  EXPECT_EQ(after["CapInh"], kNoCapabilities);
  EXPECT_EQ(after["CapAmb"], kNoCapabilities);
  EXPECT_EQ(after["CapPrm"], before["CapPrm"]);
  EXPECT_EQ(after["CapEff"], before["CapEff"]);
}

// The capability sets of a hook started by a child with CAP_NET_BIND_SERVICE
// in its ambient set. SECBIT_NOROOT makes execve treat the root child like
// any other user, so only the ambient set carries capabilities across it.
std::string hook_capabilities(bool clear_first) {
  return in_child([clear_first] {
    if (::prctl(PR_SET_SECUREBITS, SECBIT_NOROOT, 0, 0, 0) != 0) return std::string(kUnsupported);
    if (!raise_inheritable_and_ambient(CAP_NET_BIND_SERVICE)) return std::string(kUnsupported);
    if (clear_first) {
      if (auto cleared = clear_ambient_and_inheritable_capabilities(); !cleared) return result_text(cleared);
    }
    auto process = HookProcess::spawn({"/bin/sh", "-c", "grep ^Cap /proc/$$/status >&2"}, {"PATH=/usr/bin:/bin"},
                                      "", /*capture_stderr=*/true);
    if (!process) return process.error().describe();
    return wait_for_hook(*process, 10s).captured_stderr;
  });
}

TEST(ExecCapabilitiesTest, AHookStartedAfterwardsGetsNoCapabilities) {
  const std::string inherited = hook_capabilities(/*clear_first=*/false);
  if (inherited == kUnsupported) GTEST_SKIP() << "needs CAP_SETPCAP and CAP_NET_BIND_SERVICE";
  // Without the call the hook gets the ambient capability: what the call is for.
  auto without = capability_sets(inherited);
  ASSERT_EQ(without["CapAmb"], "0000000000000400") << inherited;
  ASSERT_EQ(without["CapEff"], "0000000000000400") << inherited;

  const std::string cleared = hook_capabilities(/*clear_first=*/true);
  auto with = capability_sets(cleared);
  ASSERT_FALSE(with.empty()) << cleared;
  for (const char* set : {"CapInh", "CapPrm", "CapEff", "CapAmb"}) EXPECT_EQ(with[set], kNoCapabilities) << set;
}

}  // namespace
}  // namespace sockscope::alert

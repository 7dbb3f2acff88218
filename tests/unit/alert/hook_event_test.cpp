#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "alert/command_text.h"
#include "alert/hook_event.h"

namespace sockscope::alert {
namespace {

using namespace std::chrono_literals;

HookEvent event(HookEventType type) {
  HookEvent e;
  e.type = type;
  e.finding.id = "close_wait_buildup:pid=42";
  e.finding.kind = "close_wait_buildup";
  e.finding.severity = Severity::Critical;
  e.finding.subject = "pid 42 (app)";
  e.finding.summary = "pid 42 (app) holds 7 CLOSE_WAIT sockets";
  e.finding.evidence = {{"count", 7}};
  e.finding.advice = "Close them.";
  e.finding.sockets = {11, 12};
  e.finding.since = std::chrono::system_clock::time_point(1700000000s);
  e.host = "web1";
  e.time = std::chrono::system_clock::time_point(1700000100s + 250ms);
  return e;
}

TEST(EventJson, OneLineWithTheFindingAsFindingsJsonWritesIt) {
  const std::string text = event_json(event(HookEventType::Raised));
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
  const nlohmann::json j = nlohmann::json::parse(text);
  EXPECT_EQ(j["event"], "raised");
  EXPECT_EQ(j["test"], false);
  EXPECT_EQ(j["host"], "web1");
  EXPECT_DOUBLE_EQ(j["time"].get<double>(), 1700000100.25);
  const nlohmann::json& f = j["finding"];
  EXPECT_EQ(f["id"], "close_wait_buildup:pid=42");
  EXPECT_EQ(f["kind"], "close_wait_buildup");
  EXPECT_EQ(f["severity"], "critical");
  EXPECT_EQ(f["subject"], "pid 42 (app)");
  EXPECT_EQ(f["summary"], "pid 42 (app) holds 7 CLOSE_WAIT sockets");
  EXPECT_EQ(f["evidence"]["count"], 7);
  EXPECT_EQ(f["advice"], "Close them.");
  EXPECT_DOUBLE_EQ(f["since"].get<double>(), 1700000000.0);
  EXPECT_EQ(f["sockets"], nlohmann::json::array({11, 12}));
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"event", "finding", "host", "test", "time"}));
}

TEST(EventJson, ClearedAndTest) {
  EXPECT_EQ(nlohmann::json::parse(event_json(event(HookEventType::Cleared)))["event"], "cleared");
  const nlohmann::json test = nlohmann::json::parse(event_json(event(HookEventType::Test)));
  EXPECT_EQ(test["event"], "test");
  EXPECT_EQ(test["test"], true);
}

TEST(EventJson, InvalidUtf8IsReplacedNotSent) {
  HookEvent e = event(HookEventType::Raised);
  e.finding.subject = "pid 9 (bad\xff name)";
  const nlohmann::json j = nlohmann::json::parse(event_json(e));  // throws on invalid UTF-8
  EXPECT_NE(j["finding"]["subject"].get<std::string>().find("bad"), std::string::npos);
}

TEST(HookEnvironment, FindingVariablesAndNothingElseButPathLangTz) {
  const std::vector<std::string> env =
      hook_environment(event(HookEventType::Raised), InheritedEnvironment{"/usr/bin:/bin", "C.UTF-8", "UTC"});
  EXPECT_EQ(env, (std::vector<std::string>{
                     "SOCKSCOPE_EVENT=raised",
                     "SOCKSCOPE_KIND=close_wait_buildup",
                     "SOCKSCOPE_SEVERITY=critical",
                     "SOCKSCOPE_SUBJECT=pid 42 (app)",
                     "SOCKSCOPE_SUMMARY=pid 42 (app) holds 7 CLOSE_WAIT sockets",
                     "SOCKSCOPE_FINDING_ID=close_wait_buildup:pid=42",
                     "PATH=/usr/bin:/bin",
                     "LANG=C.UTF-8",
                     "TZ=UTC",
                 }));
}

TEST(HookEnvironment, TestEventIsMarkedAndPathHasADefault) {
  const std::vector<std::string> env = hook_environment(event(HookEventType::Test), InheritedEnvironment{});
  EXPECT_NE(std::find(env.begin(), env.end(), "SOCKSCOPE_EVENT=test"), env.end());
  EXPECT_NE(std::find(env.begin(), env.end(), "SOCKSCOPE_TEST=1"), env.end());
  EXPECT_NE(std::find(env.begin(), env.end(), "PATH=" + std::string(kDefaultPath)), env.end());
  for (const std::string& entry : env) {
    EXPECT_FALSE(entry.starts_with("LANG=") || entry.starts_with("TZ=")) << entry;
  }
  const std::vector<std::string> raised = hook_environment(event(HookEventType::Raised), InheritedEnvironment{});
  EXPECT_EQ(std::count_if(raised.begin(), raised.end(), [](const std::string& e) { return e.starts_with("SOCKSCOPE_TEST"); }),
            0);
}

TEST(HookEnvironment, NulCannotCutAValue) {
  HookEvent e = event(HookEventType::Raised);
  e.finding.summary = std::string("a\0b", 3);
  const std::vector<std::string> env = hook_environment(e, InheritedEnvironment{});
  EXPECT_NE(std::find(env.begin(), env.end(), "SOCKSCOPE_SUMMARY=a?b"), env.end());
}

TEST(HookEnvironment, InheritedComesFromThisProcess) {
  ::setenv("TZ", "Europe/Berlin", 1);
  ::unsetenv("LANG");
  InheritedEnvironment inherited = inherited_environment();
  EXPECT_EQ(inherited.tz, "Europe/Berlin");
  EXPECT_FALSE(inherited.lang.has_value());
  ::unsetenv("TZ");
}

TEST(HostName, IsTheNodeName) { EXPECT_FALSE(host_name().empty()); }

TEST(CommandText, QuotesWhatAShellWouldSplit) {
  EXPECT_EQ(command_text({"/usr/bin/notify", "--to", "ops"}), "/usr/bin/notify --to ops");
  EXPECT_EQ(command_text({"/bin/sh", "-c", "echo hi > /tmp/x"}), "/bin/sh -c 'echo hi > /tmp/x'");
  EXPECT_EQ(command_text({"x", "it's", ""}), "x 'it'\\''s' ''");
  EXPECT_EQ(command_text({"x", "a\nb"}), "x 'a?b'");
}

}  // namespace
}  // namespace sockscope::alert

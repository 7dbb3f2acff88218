// `sockscope hooks test` through the real CLI with a temporary config: the
// line it prints for each hook and its exit status. The hooks are small
// /bin/sh scripts; nothing here needs privileges or the network.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "temp_dir.h"

namespace {

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

class HooksTestCommand : public sockscope::testing::TempDirTest {
 protected:
  void write_config(const std::string& text) const { std::ofstream(file("sockscoped.toml")) << text; }

  // `sh -c SCRIPT` as a TOML array: the script must not contain '"' or '\'.
  static std::string sh_hook(const std::string& script, const std::string& extra = "") {
    return "[[hooks]]\ncommand = [\"/bin/sh\", \"-c\", \"" + script + "\"]\n" + extra + "\n";
  }

  Outcome run(const std::string& args) const {
    const std::string err_path = file("stderr");
    const std::string command = std::string(SOCKSCOPE_CLI_PATH) + " " + args + " 2>" + err_path;
    Outcome outcome;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return outcome;
    std::array<char, 4096> chunk{};
    size_t n;
    while ((n = std::fread(chunk.data(), 1, chunk.size(), pipe)) > 0) outcome.out.append(chunk.data(), n);
    int raw = ::pclose(pipe);
    outcome.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    outcome.err = read(err_path);
    return outcome;
  }
  Outcome run_with_config(const std::string& args) const { return run("--config " + file("sockscoped.toml") + " " + args); }
};

TEST_F(HooksTestCommand, AGoodHookGetsAMarkedTestEvent) {
  write_config(sh_hook("cat > " + file("in") + "; env > " + file("env")));
  Outcome outcome = run_with_config("hooks test");
  EXPECT_EQ(outcome.status, 0) << outcome.out << outcome.err;
  EXPECT_EQ(outcome.out.rfind("hook 1: /bin/sh -c 'cat > " + file("in") + "; env > " + file("env") + "': exit 0 in ", 0),
            0u)
      << outcome.out;
  EXPECT_TRUE(outcome.out.ends_with(" s\n")) << outcome.out;

  const nlohmann::json event = nlohmann::json::parse(read(file("in")));
  EXPECT_EQ(event["event"], "test");
  EXPECT_EQ(event["test"], true);
  EXPECT_EQ(event["finding"]["kind"], "test");
  EXPECT_EQ(event["finding"]["severity"], "warning");
  EXPECT_TRUE(event["finding"]["summary"].get<std::string>().starts_with("TEST:"));
  EXPECT_FALSE(event["host"].get<std::string>().empty());
  const std::string env = read(file("env"));
  EXPECT_NE(env.find("SOCKSCOPE_TEST=1\n"), std::string::npos) << env;
  EXPECT_NE(env.find("SOCKSCOPE_EVENT=test\n"), std::string::npos) << env;
  EXPECT_NE(env.find("SOCKSCOPE_KIND=test\n"), std::string::npos) << env;
  EXPECT_NE(env.find("SOCKSCOPE_SUMMARY=TEST:"), std::string::npos) << env;
}

TEST_F(HooksTestCommand, FailuresTimeoutsAndMissingProgramsEachGetALine) {
  write_config(sh_hook("exit 0") + sh_hook("echo first complaint >&2; echo second >&2; exit 3") +
               sh_hook("sleep 100", "timeout_s = 0.3") + "[[hooks]]\ncommand = [\"/nonexistent/hook\"]\n\n" +
               sh_hook("exit 0", "min_severity = \"critical\""));
  Outcome outcome = run_with_config("hooks test");
  EXPECT_EQ(outcome.status, 1) << outcome.out << outcome.err;
  std::istringstream lines(outcome.out);
  std::vector<std::string> line;
  for (std::string l; std::getline(lines, l);) line.push_back(l);
  ASSERT_EQ(line.size(), 5u) << outcome.out;
  EXPECT_TRUE(line[0].starts_with("hook 1: /bin/sh -c 'exit 0': exit 0 in ")) << line[0];
  EXPECT_TRUE(line[1].starts_with("hook 2: /bin/sh -c 'echo first complaint >&2; echo second >&2; exit 3': exit 3 in "))
      << line[1];
  EXPECT_TRUE(line[1].ends_with(" s; stderr: first complaint")) << line[1];
  EXPECT_TRUE(line[2].starts_with("hook 3: /bin/sh -c 'sleep 100': timed out after 0.3 s (killed by SIGTERM) in 0.3"))
      << line[2];
  EXPECT_EQ(line[3], "hook 4: /nonexistent/hook: could not start: No such file or directory");
  EXPECT_EQ(line[4], "hook 5: /bin/sh -c 'exit 0': not run (min_severity critical is above a test's warning)");
}

TEST_F(HooksTestCommand, AKindPicksTheHooksThatTakeIt) {
  write_config(sh_hook("echo half > " + file("half"), "kinds = [\"half_open\"]") +
               sh_hook("echo all > " + file("all")) +
               sh_hook("echo orphans > " + file("orphans"), "kinds = [\"orphans\"]"));
  Outcome outcome = run_with_config("hooks test half_open");
  EXPECT_EQ(outcome.status, 0) << outcome.out << outcome.err;
  EXPECT_EQ(read(file("half")), "half\n");
  EXPECT_EQ(read(file("all")), "all\n");
  EXPECT_FALSE(std::filesystem::exists(file("orphans")));
  EXPECT_NE(outcome.out.find("hook 3: /bin/sh -c 'echo orphans > " + file("orphans") +
                             "': not run (kinds do not include half_open)\n"),
            std::string::npos)
      << outcome.out;

  Outcome none = run_with_config("hooks test syn_flood");
  EXPECT_EQ(none.status, 0) << "the hook without kinds takes it: " << none.out;
  write_config(sh_hook("exit 0", "kinds = [\"orphans\"]"));
  Outcome nothing = run_with_config("hooks test syn_flood");
  EXPECT_EQ(nothing.status, 1) << nothing.out;
  EXPECT_NE(nothing.out.find("No hook takes this test event."), std::string::npos) << nothing.out;
}

TEST_F(HooksTestCommand, NoHooksConfigured) {
  Outcome missing = run("--config " + file("absent.toml") + " hooks test");
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(missing.out, "No hooks are configured: " + file("absent.toml") + " does not exist.\n");
  write_config("[daemon]\ninterval_s = 2\n");
  Outcome empty = run_with_config("hooks test");
  EXPECT_EQ(empty.status, 1);
  EXPECT_EQ(empty.out, "No hooks are configured in " + file("sockscoped.toml") + ".\n");
}

TEST_F(HooksTestCommand, ABadConfigIsReportedWithItsLine) {
  write_config("[[hooks]]\ncommand = [\"/bin/true\"]\nkinds = [\"close_wait\"]\n");
  Outcome outcome = run_with_config("hooks test");
  EXPECT_EQ(outcome.status, 1);
  EXPECT_NE(outcome.err.find(file("sockscoped.toml") + ":3: hooks.kinds: unknown kind \"close_wait\""),
            std::string::npos)
      << outcome.err;
}

TEST_F(HooksTestCommand, UsageErrors) {
  write_config(sh_hook("exit 0"));
  Outcome unknown = run_with_config("hooks test no_such_kind");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("unknown kind 'no_such_kind' (expected one of: time_wait_buildup,"), std::string::npos)
      << unknown.err;
  EXPECT_TRUE(unknown.out.empty());
  EXPECT_EQ(run_with_config("hooks test half_open orphans").status, 2);
  EXPECT_EQ(run_with_config("hooks").status, 2);
  EXPECT_EQ(run_with_config("hooks frobnicate").status, 2);
  EXPECT_EQ(run_with_config("hooks test --json").status, 2);
}

TEST_F(HooksTestCommand, TheExampleHookLogsAndAppendsTheEvent) {
  const std::string example = std::string(SOCKSCOPE_TEST_DATA) + "/../../packaging/examples/hooks/log-finding";
  write_config("[[hooks]]\ncommand = [\"" + example + "\", \"" + file("events.jsonl") + "\"]\n");
  Outcome outcome = run_with_config("hooks test orphans");
  EXPECT_EQ(outcome.status, 0) << outcome.out << outcome.err;
  EXPECT_NE(outcome.out.find("exit 0 in "), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("; stderr: sockscope: test [warning] orphans:sockscope-hooks-test: TEST:"),
            std::string::npos)
      << outcome.out;
  const nlohmann::json event = nlohmann::json::parse(read(file("events.jsonl")));
  EXPECT_EQ(event["event"], "test");
  EXPECT_EQ(event["finding"]["kind"], "orphans");
}

}  // namespace

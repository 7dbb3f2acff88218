// [[hooks]], [hook_runner] and [metrics]: values, defaults and errors.
#include <gtest/gtest.h>

#include <string>

#include "config/config.h"
#include "config_test_util.h"

namespace sockscope {
namespace {

DaemonConfig parsed(std::string_view text) {
  auto config = parse_config(text, "t.toml");
  EXPECT_TRUE(config.ok()) << text << "\n" << (config.ok() ? "" : config.error().message);
  return config.ok() ? *config : DaemonConfig{};
}

TEST(HooksConfig, Defaults) {
  const DaemonConfig d;
  EXPECT_TRUE(d.hooks.empty());
  EXPECT_EQ(d.hook_runner.max_running, 4);
  EXPECT_EQ(d.hook_runner.queue_limit, 64);
  EXPECT_EQ(d.hook_runner.min_interval_s, 60);
  EXPECT_FALSE(d.metrics.listen.has_value());
  EXPECT_FALSE(d.metrics.textfile.has_value());
  EXPECT_EQ(d.metrics.max_scrapes, 4);
  EXPECT_EQ(d.metrics.top_n, 20);
  const HookConfig h;
  EXPECT_TRUE(h.on_raised);
  EXPECT_TRUE(h.on_cleared);
  EXPECT_TRUE(h.kinds.empty());
  EXPECT_EQ(h.min_severity, Severity::Info);
  EXPECT_EQ(h.timeout_s, 10);
}

TEST(HooksConfig, OneHookWithOnlyACommandTakesTheDefaults) {
  const DaemonConfig config = parsed("[[hooks]]\ncommand = [\"/usr/local/bin/page\", \"--team\", \"net ops\"]\n");
  ASSERT_EQ(config.hooks.size(), 1u);
  HookConfig expected;
  expected.command = {"/usr/local/bin/page", "--team", "net ops"};
  EXPECT_EQ(config.hooks[0], expected);
}

TEST(HooksConfig, EveryKeyInSeveralHooks) {
  const DaemonConfig config = parsed(
      "[[hooks]]\n"
      "command = [\"/bin/a\"]\n"
      "on = \"raised\"\n"
      "kinds = [\"close_wait_buildup\", \"listen_overflow\", \"close_wait_buildup\"]\n"
      "min_severity = \"critical\"\n"
      "timeout_s = 0.1\n"
      "\n"
      "[[hooks]]\n"
      "command = [\"b\", \"\"]\n"
      "on = [\"cleared\"]\n"
      "min_severity = \"warning\"\n"
      "timeout_s = 3600\n"
      "\n"
      "[[hooks]]\n"
      "command = [\"c\"]\n"
      "on = [\"cleared\", \"raised\"]\n");
  ASSERT_EQ(config.hooks.size(), 3u);
  const HookConfig& a = config.hooks[0];
  EXPECT_EQ(a.command, std::vector<std::string>{"/bin/a"});
  EXPECT_TRUE(a.on_raised);
  EXPECT_FALSE(a.on_cleared);
  EXPECT_EQ(a.kinds, (std::vector<std::string>{"close_wait_buildup", "listen_overflow"})) << "each kind once";
  EXPECT_EQ(a.min_severity, Severity::Critical);
  EXPECT_EQ(a.timeout_s, 0.1);
  const HookConfig& b = config.hooks[1];
  EXPECT_EQ(b.command, (std::vector<std::string>{"b", ""})) << "an empty argument is an argument";
  EXPECT_FALSE(b.on_raised);
  EXPECT_TRUE(b.on_cleared);
  EXPECT_EQ(b.min_severity, Severity::Warning);
  EXPECT_EQ(b.timeout_s, 3600);
  EXPECT_TRUE(config.hooks[2].on_raised);
  EXPECT_TRUE(config.hooks[2].on_cleared);
}

TEST(HooksConfig, OtherTomlSpellings) {
  EXPECT_EQ(parsed("hooks = [{ command = [\"x\"], on = \"raised\" }]").hooks.size(), 1u);
  EXPECT_TRUE(parsed("hooks = []").hooks.empty());
}

TEST(HooksConfig, CommandErrors) {
  const std::string what = "hooks.command: expected a non-empty array of strings (the program, then its arguments), got ";
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = \"/bin/x --flag\""), "t.toml:2: " + what + "\"/bin/x --flag\"");
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = []"), "t.toml:2: " + what + "an array");
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = [\"/bin/x\", 5]"), "t.toml:2: " + what + "5 at [1]");
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = [\"\", \"x\"]"), "t.toml:2: " + what + "\"\" at [0]");
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = [\"/bin/a\\u0000b\"]"), "t.toml:2: " + what + "\"/bin/a\\x00b\" at [0]");
}

TEST(HooksConfig, ACommandIsRequiredInEveryTable) {
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = [\"a\"]\n\n[[hooks]]\non = \"raised\"\n"),
            "t.toml:4: hooks.command: missing; every [[hooks]] table needs a command (an array of strings)");
}

TEST(HooksConfig, OnErrors) {
  const std::string what = "hooks.on: expected \"raised\", \"cleared\" or an array of them, got ";
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = [\"a\"]\non = \"both\""), "t.toml:3: " + what + "\"both\"");
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = [\"a\"]\non = []"), "t.toml:3: " + what + "an array");
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = [\"a\"]\non = [\"raised\", \"Cleared\"]"),
            "t.toml:3: " + what + "\"Cleared\" at [1]");
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = [\"a\"]\non = true"), "t.toml:3: " + what + "true");
}

TEST(HooksConfig, AnUnknownKindIsNamed) {
  const std::string message = parse_error_of("[[hooks]]\ncommand = [\"a\"]\nkinds = [\"half_open\", \"close_wait\"]");
  EXPECT_EQ(message.rfind("t.toml:3: hooks.kinds: unknown kind \"close_wait\" (kinds: time_wait_buildup, "
                          "ephemeral_port_exhaustion, close_wait_buildup, ",
                          0),
            0u)
      << message;
  EXPECT_NE(message.find("rst_storm)"), std::string::npos) << message;
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = [\"a\"]\nkinds = []"),
            "t.toml:3: hooks.kinds: expected a non-empty array of finding kinds, got an array");
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = [\"a\"]\nkinds = \"half_open\""),
            "t.toml:3: hooks.kinds: expected a non-empty array of finding kinds, got \"half_open\"");
}

TEST(HooksConfig, SeverityAndTimeoutErrors) {
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = [\"a\"]\nmin_severity = \"error\""),
            "t.toml:3: hooks.min_severity: expected one of info, warning, critical, got \"error\"");
  const std::string timeout = "t.toml:3: hooks.timeout_s: expected a number from 0.1 to 3600, got ";
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = [\"a\"]\ntimeout_s = 0.01"), timeout + "0.01");
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = [\"a\"]\ntimeout_s = 3601"), timeout + "3601");
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = [\"a\"]\ntimeout_s = \"10s\""), timeout + "\"10s\"");
}

TEST(HooksConfig, UnknownKeysAndShapes) {
  EXPECT_EQ(parse_error_of("[[hooks]]\ncommand = [\"a\"]\nshell = true"),
            "t.toml:3: hooks.shell: unknown key (keys in [[hooks]]: command, on, kinds, min_severity, timeout_s)");
  EXPECT_EQ(parse_error_of("[hooks]\ncommand = [\"a\"]"),
            "t.toml:1: hooks: expected an array of tables ([[hooks]]), got a table");
  EXPECT_EQ(parse_error_of("hooks = [\"a\"]"), "t.toml:1: hooks: expected an array of tables ([[hooks]]), got an array");
}

TEST(HooksConfig, TheEarliestProblemIsReportedAndNothingIsApplied) {
  EXPECT_EQ(parse_error_of("[daemon]\nmax_clients = 2\n\n[[hooks]]\ncommand = [\"a\"]\ntimeout_s = 0\n\n"
                           "[[hooks]]\ncommand = 1\n"),
            "t.toml:6: hooks.timeout_s: expected a number from 0.1 to 3600, got 0");
}

TEST(HookRunnerConfig, KeysAndBounds) {
  const DaemonConfig c = parsed("[hook_runner]\nmax_running = 64\nqueue_limit = 0\nmin_interval_s = 0.5\n");
  EXPECT_EQ(c.hook_runner.max_running, 64);
  EXPECT_EQ(c.hook_runner.queue_limit, 0);
  EXPECT_EQ(c.hook_runner.min_interval_s, 0.5);
  EXPECT_EQ(parsed("[hook_runner]\nmax_running = 1\nqueue_limit = 10000\nmin_interval_s = 86400\n").hook_runner,
            (HookRunnerConfig{1, 10000, 86400}));
  EXPECT_EQ(parse_error_of("[hook_runner]\nmax_running = 0"),
            "t.toml:2: hook_runner.max_running: expected an integer from 1 to 64, got 0");
  EXPECT_EQ(parse_error_of("[hook_runner]\nmax_running = 65"),
            "t.toml:2: hook_runner.max_running: expected an integer from 1 to 64, got 65");
  EXPECT_EQ(parse_error_of("[hook_runner]\nqueue_limit = 10001"),
            "t.toml:2: hook_runner.queue_limit: expected an integer from 0 to 10000, got 10001");
  EXPECT_EQ(parse_error_of("[hook_runner]\nmin_interval_s = -1"),
            "t.toml:2: hook_runner.min_interval_s: expected a number from 0 to 86400, got -1");
  EXPECT_EQ(parse_error_of("[hook_runner]\nmax_queue = 3"),
            "t.toml:2: hook_runner.max_queue: unknown key (keys in [hook_runner]: max_running, queue_limit, "
            "min_interval_s)");
}

TEST(MetricsConfig, KeysAndBounds) {
  const DaemonConfig c = parsed(
      "[metrics]\nlisten = \"127.0.0.1:9977\"\ntextfile = \"/var/lib/node_exporter/sockscope.prom\"\n"
      "max_scrapes = 1024\ntop_n = 1\n");
  EXPECT_EQ(c.metrics.listen, "127.0.0.1:9977");
  EXPECT_EQ(c.metrics.textfile, "/var/lib/node_exporter/sockscope.prom");
  EXPECT_EQ(c.metrics.max_scrapes, 1024);
  EXPECT_EQ(c.metrics.top_n, 1);
  EXPECT_EQ(parse_error_of("[metrics]\nmax_scrapes = 0"),
            "t.toml:2: metrics.max_scrapes: expected an integer from 1 to 1024, got 0");
  EXPECT_EQ(parse_error_of("[metrics]\ntop_n = 1001"),
            "t.toml:2: metrics.top_n: expected an integer from 1 to 1000, got 1001");
  EXPECT_EQ(parse_error_of("[metrics]\ntextfile = \"metrics.prom\""),
            "t.toml:2: metrics.textfile: expected an absolute path shorter than 4096 bytes, got \"metrics.prom\"");
}

TEST(MetricsConfig, ListenAddressForms) {
  for (const char* good : {"127.0.0.1:9977", "0.0.0.0:1", "[::1]:9977", "[::]:65535", "[2001:db8::5]:80"}) {
    EXPECT_EQ(parsed(std::string("[metrics]\nlisten = \"") + good + "\"").metrics.listen, good);
  }
  const std::string what =
      "t.toml:2: metrics.listen: expected ADDR:PORT with an IPv4 address or a bracketed IPv6 address and a port "
      "from 1 to 65535 (\"127.0.0.1:9977\", \"[::1]:9977\"), got ";
  for (const char* bad : {"localhost:9977", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:99x",
                          "::1:9977", "[::1]9977", "[::1]:", "[127.0.0.1]:80", "1.2.3:80", ":9977", "127.0.0.1:+80",
                          "[fe80::1%eth0]:80", ""}) {
    EXPECT_EQ(parse_error_of(std::string("[metrics]\nlisten = \"") + bad + "\""), what + "\"" + bad + "\"") << bad;
  }
  EXPECT_EQ(parse_error_of("[metrics]\nlisten = 9977"), what + "9977");
}

TEST(HooksOverride, RunnerAndMetricsKeysTakeSet) {
  DaemonConfig config;
  ASSERT_TRUE(apply_override(config, "hook_runner.max_running=2").ok());
  ASSERT_TRUE(apply_override(config, "hook_runner.min_interval_s=0").ok());
  ASSERT_TRUE(apply_override(config, "metrics.listen=[::1]:9977").ok());
  ASSERT_TRUE(apply_override(config, "metrics.textfile=/run/x.prom").ok());
  EXPECT_EQ(config.hook_runner.max_running, 2);
  EXPECT_EQ(config.hook_runner.min_interval_s, 0);
  EXPECT_EQ(config.metrics.listen, "[::1]:9977");
  EXPECT_EQ(config.metrics.textfile, "/run/x.prom");
  EXPECT_EQ(override_error_of("metrics.listen=localhost:1"),
            "--set metrics.listen=localhost:1: metrics.listen: expected ADDR:PORT with an IPv4 address or a "
            "bracketed IPv6 address and a port from 1 to 65535 (\"127.0.0.1:9977\", \"[::1]:9977\"), got "
            "\"localhost:1\"");
}

TEST(HooksOverride, HooksAreNotSetOnTheCommandLine) {
  EXPECT_EQ(override_error_of("hooks.command=[\"/bin/x\"]"),
            "--set hooks.command=[\"/bin/x\"]: hooks.command: [[hooks]] tables are read from the config file only; "
            "--set cannot add or change a hook");
  EXPECT_EQ(override_error_of("hooks.timeout_s=5"),
            "--set hooks.timeout_s=5: hooks.timeout_s: [[hooks]] tables are read from the config file only; "
            "--set cannot add or change a hook");
  EXPECT_EQ(override_error_of("hooks=1"), "--set hooks=1: hooks: is a section, not a key");
}

}  // namespace
}  // namespace sockscope

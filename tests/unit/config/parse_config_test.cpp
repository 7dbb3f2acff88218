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

TEST(ParseConfig, Defaults) {
  DaemonConfig d;
  EXPECT_EQ(d.interval_s, 1.0);
  EXPECT_EQ(d.socket_path, "/run/sockscope/sockscoped.sock");
  EXPECT_FALSE(d.socket_group.has_value());
  EXPECT_EQ(d.max_clients, 64);
  EXPECT_EQ(d.client_idle_timeout_s, 300);
  EXPECT_EQ(d.client_output_limit, 16u * 1024 * 1024);
  EXPECT_EQ(d.log_level, "info");
  EXPECT_EQ(d.history_seconds, 3600);
  EXPECT_TRUE(d.processes);
  EXPECT_TRUE(d.tcp_info);
  EXPECT_TRUE(d.mem);
}

TEST(ParseConfig, EmptyTextGivesDefaults) {
  EXPECT_EQ(parsed(""), DaemonConfig{});
  EXPECT_EQ(parsed("# only a comment\n\n"), DaemonConfig{});
  EXPECT_EQ(parsed("[daemon]\n[history]\n[collect]\n"), DaemonConfig{});
}

TEST(ParseConfig, DaemonKeys) {
  EXPECT_EQ(parsed("[daemon]\ninterval_s = 0.5").interval_s, 0.5);
  EXPECT_EQ(parsed("[daemon]\ninterval_s = 2").interval_s, 2.0);  // an integer is a number
  EXPECT_EQ(parsed("[daemon]\ninterval_s = 0.05").interval_s, 0.05);
  EXPECT_EQ(parsed("[daemon]\ninterval_s = 3600").interval_s, 3600.0);
  EXPECT_EQ(parsed("[daemon]\nsocket_path = \"/tmp/s.sock\"").socket_path, "/tmp/s.sock");
  EXPECT_EQ(parsed("[daemon]\nsocket_group = \"netops\"").socket_group, "netops");
  EXPECT_EQ(parsed("[daemon]\nmax_clients = 1").max_clients, 1);
  EXPECT_EQ(parsed("[daemon]\nmax_clients = 4096").max_clients, 4096);
  EXPECT_EQ(parsed("[daemon]\nclient_idle_timeout_s = 0.5").client_idle_timeout_s, 0.5);
  EXPECT_EQ(parsed("[daemon]\nclient_idle_timeout_s = 10").client_idle_timeout_s, 10.0);
  EXPECT_EQ(parsed("[daemon]\nclient_output_limit = 65536").client_output_limit, 65536u);
  EXPECT_EQ(parsed("[daemon]\nclient_output_limit = 1_073_741_824").client_output_limit, 1073741824u);
  for (const char* level : {"debug", "info", "warning", "error"}) {
    EXPECT_EQ(parsed(std::string("[daemon]\nlog_level = \"") + level + "\"").log_level, level);
  }
}

TEST(ParseConfig, HistoryAndCollectKeys) {
  EXPECT_EQ(parsed("[history]\nseconds = 1").history_seconds, 1.0);
  EXPECT_EQ(parsed("[history]\nseconds = 86400").history_seconds, 86400.0);
  EXPECT_EQ(parsed("[history]\nseconds = 90.5").history_seconds, 90.5);
  EXPECT_FALSE(parsed("[collect]\nprocesses = false").processes);
  EXPECT_FALSE(parsed("[collect]\ntcp_info = false").tcp_info);
  EXPECT_FALSE(parsed("[collect]\nmem = false").mem);
  EXPECT_TRUE(parsed("[collect]\nmem = true").mem);
}

// Dotted keys and inline tables are the same TOML tables as [section] headers.
TEST(ParseConfig, OtherTomlSpellings) {
  EXPECT_EQ(parsed("daemon.interval_s = 0.5").interval_s, 0.5);
  EXPECT_EQ(parsed("collect = { mem = false }").mem, false);
}

TEST(ParseConfig, KeysNotNamedKeepDefaults) {
  DaemonConfig config = parsed("[daemon]\nmax_clients = 3\n");
  DaemonConfig expected;
  expected.max_clients = 3;
  EXPECT_EQ(config, expected);
}

TEST(ParseConfig, IntervalBadValues) {
  EXPECT_EQ(parse_error_of("[daemon]\n\ninterval_s = \"fast\""),
            "t.toml:3: daemon.interval_s: expected a number from 0.05 to 3600, got \"fast\"");
  EXPECT_EQ(parse_error_of("[daemon]\ninterval_s = 0.01"),
            "t.toml:2: daemon.interval_s: expected a number from 0.05 to 3600, got 0.01");
  EXPECT_EQ(parse_error_of("[daemon]\ninterval_s = 3601"),
            "t.toml:2: daemon.interval_s: expected a number from 0.05 to 3600, got 3601");
  EXPECT_EQ(parse_error_of("[daemon]\ninterval_s = -1"),
            "t.toml:2: daemon.interval_s: expected a number from 0.05 to 3600, got -1");
  EXPECT_EQ(parse_error_of("[daemon]\ninterval_s = nan"),
            "t.toml:2: daemon.interval_s: expected a number from 0.05 to 3600, got nan");
  EXPECT_EQ(parse_error_of("[daemon]\ninterval_s = inf"),
            "t.toml:2: daemon.interval_s: expected a number from 0.05 to 3600, got inf");
  EXPECT_EQ(parse_error_of("[daemon]\ninterval_s = true"),
            "t.toml:2: daemon.interval_s: expected a number from 0.05 to 3600, got true");
  EXPECT_EQ(parse_error_of("[daemon]\ninterval_s = [1]"),
            "t.toml:2: daemon.interval_s: expected a number from 0.05 to 3600, got an array");
  EXPECT_EQ(parse_error_of("[daemon]\ninterval_s = { a = 1 }"),
            "t.toml:2: daemon.interval_s: expected a number from 0.05 to 3600, got a table");
}

TEST(ParseConfig, SocketPathBadValues) {
  EXPECT_EQ(parse_error_of("[daemon]\nsocket_path = \"\""),
            "t.toml:2: daemon.socket_path: expected an absolute path shorter than 108 bytes, got \"\"");
  EXPECT_EQ(parse_error_of("[daemon]\nsocket_path = \"run/x.sock\""),
            "t.toml:2: daemon.socket_path: expected an absolute path shorter than 108 bytes, got \"run/x.sock\"");
  EXPECT_EQ(parse_error_of("[daemon]\nsocket_path = 5"),
            "t.toml:2: daemon.socket_path: expected an absolute path shorter than 108 bytes, got 5");
  // sockaddr_un has room for 107 bytes and the NUL
  std::string longest = "/" + std::string(106, 'a');
  EXPECT_EQ(parsed("[daemon]\nsocket_path = \"" + longest + "\"").socket_path, longest);
  std::string message = parse_error_of("[daemon]\nsocket_path = \"" + longest + "a\"");
  EXPECT_EQ(message.rfind("t.toml:2: daemon.socket_path: expected an absolute path shorter than 108 bytes, got \"/aaa", 0),
            0u)
      << message;
  EXPECT_NE(message.find("...\""), std::string::npos) << "long values are cut: " << message;
  EXPECT_EQ(parse_error_of("[daemon]\nsocket_path = \"/run/a\\u0000b\""),
            "t.toml:2: daemon.socket_path: expected an absolute path shorter than 108 bytes, got \"/run/a\\x00b\"");
}

TEST(ParseConfig, SocketGroupBadValues) {
  EXPECT_EQ(parse_error_of("[daemon]\nsocket_group = \"\""),
            "t.toml:2: daemon.socket_group: expected a non-empty string, got \"\"");
  EXPECT_EQ(parse_error_of("[daemon]\nsocket_group = 1000"),
            "t.toml:2: daemon.socket_group: expected a non-empty string, got 1000");
}

TEST(ParseConfig, MaxClientsBadValues) {
  EXPECT_EQ(parse_error_of("[daemon]\nmax_clients = 0"),
            "t.toml:2: daemon.max_clients: expected an integer from 1 to 4096, got 0");
  EXPECT_EQ(parse_error_of("[daemon]\nmax_clients = 4097"),
            "t.toml:2: daemon.max_clients: expected an integer from 1 to 4096, got 4097");
  EXPECT_EQ(parse_error_of("[daemon]\nmax_clients = 8.0"),
            "t.toml:2: daemon.max_clients: expected an integer from 1 to 4096, got 8.0");
  EXPECT_EQ(parse_error_of("[daemon]\nmax_clients = \"8\""),
            "t.toml:2: daemon.max_clients: expected an integer from 1 to 4096, got \"8\"");
  EXPECT_EQ(parse_error_of("[daemon]\nmax_clients = 9223372036854775807"),
            "t.toml:2: daemon.max_clients: expected an integer from 1 to 4096, got 9223372036854775807");
}

TEST(ParseConfig, IdleTimeoutBadValues) {
  const std::string expected = "t.toml:2: daemon.client_idle_timeout_s: expected a number > 0 and <= 31536000, got ";
  EXPECT_EQ(parse_error_of("[daemon]\nclient_idle_timeout_s = 0"), expected + "0");
  EXPECT_EQ(parse_error_of("[daemon]\nclient_idle_timeout_s = -5.5"), expected + "-5.5");
  EXPECT_EQ(parse_error_of("[daemon]\nclient_idle_timeout_s = 1e12"), expected + "1000000000000.0");
  EXPECT_EQ(parse_error_of("[daemon]\nclient_idle_timeout_s = \"300\""), expected + "\"300\"");
}

TEST(ParseConfig, OutputLimitBadValues) {
  const std::string expected = "t.toml:2: daemon.client_output_limit: expected an integer >= 65536, got ";
  EXPECT_EQ(parse_error_of("[daemon]\nclient_output_limit = 65535"), expected + "65535");
  EXPECT_EQ(parse_error_of("[daemon]\nclient_output_limit = -1"), expected + "-1");
  EXPECT_EQ(parse_error_of("[daemon]\nclient_output_limit = 1e6"), expected + "1000000.0");
  EXPECT_EQ(parse_error_of("[daemon]\nclient_output_limit = \"16M\""), expected + "\"16M\"");
}

TEST(ParseConfig, LogLevelBadValues) {
  const std::string expected = "t.toml:2: daemon.log_level: expected one of debug, info, warning, error, got ";
  EXPECT_EQ(parse_error_of("[daemon]\nlog_level = \"loud\""), expected + "\"loud\"");
  EXPECT_EQ(parse_error_of("[daemon]\nlog_level = \"DEBUG\""), expected + "\"DEBUG\"");
  EXPECT_EQ(parse_error_of("[daemon]\nlog_level = 1"), expected + "1");
}

TEST(ParseConfig, HistoryBadValues) {
  const std::string expected = "t.toml:2: history.seconds: expected a number from 1 to 86400, got ";
  EXPECT_EQ(parse_error_of("[history]\nseconds = 0.5"), expected + "0.5");
  EXPECT_EQ(parse_error_of("[history]\nseconds = 86401"), expected + "86401");
  EXPECT_EQ(parse_error_of("[history]\nseconds = \"1h\""), expected + "\"1h\"");
}

TEST(ParseConfig, CollectBadValues) {
  EXPECT_EQ(parse_error_of("[collect]\nprocesses = \"yes\""),
            "t.toml:2: collect.processes: expected true or false, got \"yes\"");
  EXPECT_EQ(parse_error_of("[collect]\ntcp_info = 1"), "t.toml:2: collect.tcp_info: expected true or false, got 1");
  EXPECT_EQ(parse_error_of("[collect]\nmem = 0"), "t.toml:2: collect.mem: expected true or false, got 0");
}

TEST(ParseConfig, UnknownKeyNamesLineAndKey) {
  EXPECT_EQ(parse_error_of("[daemon]\ninterval_s = 1\n\ninterval = 2\n"),
            "t.toml:4: daemon.interval: unknown key (keys in [daemon]: interval_s, socket_path, socket_group, "
            "max_clients, client_idle_timeout_s, client_output_limit, log_level)");
  EXPECT_EQ(parse_error_of("[collect]\nsockets = true"),
            "t.toml:2: collect.sockets: unknown key (keys in [collect]: processes, owner_rescan_s, tcp_info, mem)");
  EXPECT_EQ(parse_error_of("interval_s = 1"),
            "t.toml:1: interval_s: unknown key (sections: daemon, history, collect, detectors, findings, hooks, "
            "hook_runner, metrics)");
}

TEST(ParseConfig, UnknownSectionNamesLine) {
  EXPECT_EQ(parse_error_of("[daemon]\nmax_clients = 2\n\n[detectors.retrans]\nthreshold = 3\n"),
            "t.toml:4: detectors.retrans: unknown section (sections in [detectors]: time_wait_buildup, "
            "ephemeral_port_exhaustion, close_wait_buildup, half_open, listen_overflow, syn_flood, send_stalled, "
            "recv_stranded, orphans, tcp_memory_pressure, fin_wait2_lingering, closing_lingering, shared_listener, "
            "rst_storm)");
  EXPECT_EQ(parse_error_of("[detectors.half_open]\nretries = 3\n"),
            "t.toml:2: detectors.half_open.retries: unknown key (keys in [detectors.half_open]: enabled, "
            "min_retransmits, idle_s)");
  EXPECT_EQ(parse_error_of("[daemon.extra]\nx = 1\n"),
            "t.toml:1: daemon.extra: unknown section (keys in [daemon]: interval_s, socket_path, socket_group, "
            "max_clients, client_idle_timeout_s, client_output_limit, log_level)");
  EXPECT_EQ(parse_error_of("[hookz]\ncommand = \"x\"\n"),
            "t.toml:1: hookz: unknown section (sections: daemon, history, collect, detectors, findings, hooks, "
            "hook_runner, metrics)");
}

TEST(ParseConfig, SectionThatIsNotATable) {
  EXPECT_EQ(parse_error_of("daemon = 5"), "t.toml:1: daemon: expected a table, got 5");
  EXPECT_EQ(parse_error_of("[[daemon]]\ninterval_s = 1"), "t.toml:1: daemon: expected a table, got an array");
}

TEST(ParseConfig, SyntaxErrorNamesLine) {
  std::string message = parse_error_of("[daemon]\ninterval_s = 1\nsocket_path = \"/x\n");
  EXPECT_EQ(message.rfind("t.toml:3: ", 0), 0u) << message;
  message = parse_error_of("[daemon\n");
  EXPECT_EQ(message.rfind("t.toml:1: ", 0), 0u) << message;
  message = parse_error_of("\n\n[daemon]\ninterval_s = \n");
  EXPECT_EQ(message.rfind("t.toml:4: ", 0), 0u) << message;
}

TEST(ParseConfig, DuplicateKeyIsAnError) {
  std::string message = parse_error_of("[daemon]\nmax_clients = 1\nmax_clients = 2\n");
  EXPECT_EQ(message.rfind("t.toml:3: ", 0), 0u) << message;
  EXPECT_NE(message.find("max_clients"), std::string::npos) << message;
  message = parse_error_of("[daemon]\nmax_clients = 1\n[daemon]\nlog_level = \"info\"\n");
  EXPECT_EQ(message.rfind("t.toml:3: ", 0), 0u) << message;
  EXPECT_NE(message.find("daemon"), std::string::npos) << message;
}

TEST(ParseConfig, InvalidUtf8IsAnError) {
  std::string message = parse_error_of("[daemon]\nlog_level = \"\xff\"\n");
  EXPECT_EQ(message.rfind("t.toml:2: ", 0), 0u) << message;
}

// Keys are checked in the table's (sorted) order; the report is the earliest line.
TEST(ParseConfig, ReportsTheEarliestProblem) {
  EXPECT_EQ(parse_error_of("[daemon]\nmax_clients = 0\nbogus = 1\n[collect]\nmem = 3\n"),
            "t.toml:2: daemon.max_clients: expected an integer from 1 to 4096, got 0");
  EXPECT_EQ(parse_error_of("[history]\nseconds = 0\n[daemon]\ninterval_s = 0\n"),
            "t.toml:2: history.seconds: expected a number from 1 to 86400, got 0");
}

TEST(ParseConfig, OneBadKeyRejectsTheWholeText) {
  auto config = parse_config("[daemon]\ninterval_s = 0.25\nmax_clients = 8\nlog_level = \"loud\"\n", "t.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message,
            "t.toml:4: daemon.log_level: expected one of debug, info, warning, error, got \"loud\"");
  EXPECT_EQ(config.error().err, 0);
}

TEST(ParseConfig, DetectorAndFindingsKeys) {
  auto parsed = parse_config(
      "[detectors.close_wait_buildup]\nmin_age_s = 0.5\nmin_count = 2\n\n"
      "[detectors.time_wait_buildup]\nenabled = false\nwarning_pct = 10\n\n"
      "[findings]\nraise_after = 1\nclear_after = 4\n",
      "t.toml");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_DOUBLE_EQ(parsed->detectors.close_wait_buildup.min_age_s, 0.5);
  EXPECT_EQ(parsed->detectors.close_wait_buildup.min_count, 2);
  EXPECT_FALSE(parsed->detectors.time_wait_buildup.enabled);
  EXPECT_DOUBLE_EQ(parsed->detectors.time_wait_buildup.warning_pct, 10);
  EXPECT_EQ(parsed->findings.raise_after, 1);
  EXPECT_EQ(parsed->findings.clear_after, 4);
  EXPECT_EQ(parsed->detectors.half_open, HalfOpenConfig{}) << "untouched sections keep their defaults";
  EXPECT_EQ(parse_error_of("[detectors.orphans]\nwarning_pct = 150"),
            "t.toml:2: detectors.orphans.warning_pct: expected a number from 0 to 100, got 150");
  EXPECT_EQ(parse_error_of("[findings]\nraise_after = 0"),
            "t.toml:2: findings.raise_after: expected an integer from 1 to 1000, got 0");
}

}  // namespace
}  // namespace sockscope

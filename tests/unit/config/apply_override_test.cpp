#include <gtest/gtest.h>

#include <string>

#include "config/config.h"
#include "config_test_util.h"

namespace sockscope {
namespace {

DaemonConfig overridden(std::string_view assignment) {
  DaemonConfig config;
  auto applied = apply_override(config, assignment);
  EXPECT_TRUE(applied.ok()) << assignment << ": " << (applied.ok() ? "" : applied.error().message);
  return config;
}

TEST(ApplyOverride, Numbers) {
  EXPECT_EQ(overridden("daemon.interval_s=0.5").interval_s, 0.5);
  EXPECT_EQ(overridden("daemon.interval_s=2").interval_s, 2.0);
  EXPECT_EQ(overridden("daemon.interval_s = 0.05").interval_s, 0.05);  // spaces around '=' are fine
  EXPECT_EQ(overridden("daemon.max_clients=10").max_clients, 10);
  EXPECT_EQ(overridden("daemon.client_idle_timeout_s=1.5").client_idle_timeout_s, 1.5);
  EXPECT_EQ(overridden("daemon.client_output_limit=65536").client_output_limit, 65536u);
  EXPECT_EQ(overridden("history.seconds=60").history_seconds, 60.0);
}

TEST(ApplyOverride, Booleans) {
  EXPECT_FALSE(overridden("collect.processes=false").processes);
  EXPECT_FALSE(overridden("collect.tcp_info=false").tcp_info);
  EXPECT_FALSE(overridden("collect.mem=false").mem);
}

TEST(ApplyOverride, StringsQuotedOrBare) {
  EXPECT_EQ(overridden("daemon.log_level=debug").log_level, "debug");
  EXPECT_EQ(overridden("daemon.log_level=\"warning\"").log_level, "warning");
  EXPECT_EQ(overridden("daemon.log_level='error'").log_level, "error");
  EXPECT_EQ(overridden("daemon.socket_path=/tmp/s.sock").socket_path, "/tmp/s.sock");
  EXPECT_EQ(overridden("daemon.socket_path=\"/tmp/with space.sock\"").socket_path, "/tmp/with space.sock");
  EXPECT_EQ(overridden("daemon.socket_group=netops").socket_group, "netops");
  // a group named by number is still a string
  EXPECT_EQ(overridden("daemon.socket_group=1000").socket_group, "1000");
}

TEST(ApplyOverride, LaterOverridesWin) {
  DaemonConfig config;
  ASSERT_TRUE(apply_override(config, "daemon.max_clients=5").ok());
  ASSERT_TRUE(apply_override(config, "daemon.max_clients=6").ok());
  EXPECT_EQ(config.max_clients, 6);
}

TEST(ApplyOverride, ChangesOnlyItsKey) {
  DaemonConfig config;
  config.max_clients = 7;
  ASSERT_TRUE(apply_override(config, "daemon.log_level=error").ok());
  DaemonConfig expected;
  expected.max_clients = 7;
  expected.log_level = "error";
  EXPECT_EQ(config, expected);
}

TEST(ApplyOverride, BadValuesNameTheOverrideAndKey) {
  EXPECT_EQ(override_error_of("daemon.interval_s=abc"),
            "--set daemon.interval_s=abc: daemon.interval_s: expected a number from 0.05 to 3600, got \"abc\"");
  EXPECT_EQ(override_error_of("daemon.interval_s=0"),
            "--set daemon.interval_s=0: daemon.interval_s: expected a number from 0.05 to 3600, got 0");
  EXPECT_EQ(override_error_of("daemon.interval_s="),
            "--set daemon.interval_s=: daemon.interval_s: expected a number from 0.05 to 3600, got \"\"");
  EXPECT_EQ(override_error_of("daemon.max_clients=5000"),
            "--set daemon.max_clients=5000: daemon.max_clients: expected an integer from 1 to 4096, got 5000");
  EXPECT_EQ(override_error_of("daemon.max_clients=\"5\""),
            "--set daemon.max_clients=\"5\": daemon.max_clients: expected an integer from 1 to 4096, got \"5\"");
  EXPECT_EQ(override_error_of("collect.mem=yes"),
            "--set collect.mem=yes: collect.mem: expected true or false, got \"yes\"");
  EXPECT_EQ(override_error_of("daemon.log_level=loud"),
            "--set daemon.log_level=loud: daemon.log_level: expected one of debug, info, warning, error, got \"loud\"");
  EXPECT_EQ(override_error_of("daemon.socket_path=relative.sock"),
            "--set daemon.socket_path=relative.sock: daemon.socket_path: expected an absolute path shorter than 108 "
            "bytes, got \"relative.sock\"");
  EXPECT_EQ(override_error_of("daemon.socket_group="),
            "--set daemon.socket_group=: daemon.socket_group: expected a non-empty string, got \"\"");
}

// VALUE is one TOML value: a second key or a table header cannot ride along.
TEST(ApplyOverride, OnlyOneValue) {
  EXPECT_EQ(override_error_of("daemon.max_clients=5\nlog_level = \"debug\""),
            "--set daemon.max_clients=5\nlog_level = \"debug\": daemon.max_clients: expected an integer from 1 to "
            "4096, got \"5\\x0alog_level = \\\"debug\\\"\"");
  EXPECT_EQ(override_error_of("daemon.max_clients=[5]"),
            "--set daemon.max_clients=[5]: daemon.max_clients: expected an integer from 1 to 4096, got an array");
  EXPECT_EQ(overridden("daemon.max_clients=5 # a comment").max_clients, 5);
}

TEST(ApplyOverride, UnknownKey) {
  EXPECT_EQ(override_error_of("daemon.interval=1"), "--set daemon.interval=1: daemon.interval: unknown key");
  EXPECT_EQ(override_error_of("nosuch.key=1"), "--set nosuch.key=1: nosuch.key: unknown key");
  EXPECT_EQ(override_error_of("daemon=1"), "--set daemon=1: daemon: is a section, not a key");
  EXPECT_EQ(override_error_of("=1"), "--set =1: : unknown key");
}

TEST(ApplyOverride, MissingEquals) {
  EXPECT_EQ(override_error_of("daemon.interval_s"),
            "--set daemon.interval_s: expected KEY=VALUE, e.g. daemon.interval_s=0.5");
  EXPECT_EQ(override_error_of(""), "--set : expected KEY=VALUE, e.g. daemon.interval_s=0.5");
}

}  // namespace
}  // namespace sockscope

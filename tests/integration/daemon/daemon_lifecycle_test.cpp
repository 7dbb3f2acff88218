// Start-up, signals and reload.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <thread>

#include "daemon_fixture.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

double interval_of(const std::string& socket) {
  json status = daemon_status(socket);
  return status.is_null() ? -1 : status["daemon"]["interval_s"].get<double>();
}

TEST_F(DaemonTest, SigtermRemovesSocketAndExitsZero) {
  start_daemon();
  struct stat st {};
  ASSERT_EQ(::stat(socket_path().c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0660u);
  daemon_.signal(SIGTERM);
  EXPECT_EQ(daemon_.wait_exit(), 0);
  EXPECT_FALSE(exists(socket_path()));
}

TEST_F(DaemonTest, StaleSocketFileIsReplaced) {
  start_daemon();
  daemon_.signal(SIGKILL);  // leaves the socket file behind
  daemon_.wait_exit();
  ASSERT_TRUE(exists(socket_path()));
  DaemonProcess second;
  ASSERT_TRUE(second.start(socket_path(), {"--config", config_path(), "--interval", "0.2"}));
  EXPECT_FALSE(daemon_status(socket_path()).is_null());
}

TEST_F(DaemonTest, RefusesWhenAnotherDaemonListens) {
  start_daemon();
  DaemonProcess second;
  ASSERT_TRUE(second.launch(socket_path(), {"--config", config_path()}));
  EXPECT_EQ(second.wait_exit(), 1);
  EXPECT_FALSE(daemon_status(socket_path()).is_null()) << "the first daemon must keep its socket";
}

TEST_F(DaemonTest, SighupKeepsOldConfigOnErrorAndAppliesGoodOne) {
  write_config("[daemon]\ninterval_s = 0.2\n");
  start_daemon({});
  ASSERT_DOUBLE_EQ(interval_of(socket_path()), 0.2);

  write_config("[daemon]\ninterval_s = \"fast\"\n");
  daemon_.signal(SIGHUP);
  std::this_thread::sleep_for(500ms);
  ASSERT_TRUE(daemon_.running());
  EXPECT_DOUBLE_EQ(interval_of(socket_path()), 0.2);

  write_config("[daemon]\ninterval_s = 0.5\n");
  daemon_.signal(SIGHUP);
  std::this_thread::sleep_for(300ms);
  EXPECT_DOUBLE_EQ(interval_of(socket_path()), 0.5);

  // The timer was re-armed: the newest history entries are 0.5 s apart.
  ASSERT_TRUE(wait_for_polls(socket_path(), 3));
  json history = request_once(socket_path(), {{"method", "history"}});
  ASSERT_TRUE(history.contains("result")) << history.dump();
  const json& entries = history["result"]["entries"];
  ASSERT_GE(entries.size(), 3u);
  double last = entries[entries.size() - 1]["t"].get<double>();
  double before = entries[entries.size() - 2]["t"].get<double>();
  EXPECT_NEAR(last - before, 0.5, 0.06);
}

TEST(DaemonUsage, BadFlagsAndConfigExitTwo) {
  int status = 0;
  std::string binary = daemon_binary();
  run_command(binary + " --interval fast 2>/dev/null", &status);
  EXPECT_EQ(status, 2);
  run_command(binary + " --config /nonexistent/sockscoped.toml 2>/dev/null", &status);
  EXPECT_EQ(status, 2);
  std::string message = run_command(binary + " --set daemon.bogus=1 2>&1", &status);
  EXPECT_EQ(status, 2);
  EXPECT_NE(message.find("daemon.bogus"), std::string::npos) << message;
  std::string version = run_command(binary + " --version", &status);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(version.rfind("sockscoped ", 0), 0u) << version;
}

}  // namespace
}  // namespace sockscope::testing

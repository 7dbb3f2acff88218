// The CLI against a real sockscoped in the test's own network namespace:
// answers come from the daemon (with ages), agree with ss, and without a
// daemon the CLI says so once and polls directly.
#include <sys/socket.h>
#include <sys/un.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "client_harness.h"
#include "netns_fixture.h"

namespace sockscope::testing {
namespace {

using nlohmann::json;

class ClientTest : public NetnsTest {
 protected:
  void SetUp() override {
    NetnsTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    socket_ = dir_.file("s.sock");
  }
  void start_daemon() { ASSERT_TRUE(daemon_.start(socket_)) << "sockscoped did not answer at " << socket_; }
  std::string flags() const { return " --socket " + socket_; }

  // Retries a CLI run until `done` holds (the daemon polls every 0.2 s, so a
  // socket made just now shows up within a poll or two).
  template <typename Check>
  CliRun until(const std::string& args, Check done) {
    CliRun run;
    for (int i = 0; i < 50; ++i) {
      run = run_cli(args);
      if (done(run)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return run;
  }

  ScratchDir dir_;
  std::string socket_;
  Daemon daemon_;
};

bool has_port(const std::string& text, uint16_t port) { return text.find(":" + std::to_string(port)) != std::string::npos; }

json sockets_of(const CliRun& run) {
  json parsed = json::parse(run.out, nullptr, false);
  return parsed.is_object() && parsed.contains("sockets") ? parsed["sockets"] : json::array();
}

// A listener the daemon has seen for at least one poll: its age is a number.
bool listener_aged(const CliRun& run, uint16_t port) {
  for (const json& s : sockets_of(run)) {
    if (s["local"]["port"] == port && s["state"] == "LISTEN") return s["state_age_s"].is_number();
  }
  return false;
}

TEST_F(ClientTest, SocketsJsonFromTheDaemonHasAges) {
  start_daemon();
  Listener listener;
  Connection connection = connect_to(listener);
  ASSERT_TRUE(connection.server.valid());
  CliRun run = until("sockets --json -t" + flags(), [&](const CliRun& r) { return listener_aged(r, listener.port()); });
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.err, "");
  json sockets = sockets_of(run);
  ASSERT_EQ(sockets.size(), 3u) << run.out;  // listener, both ends of the connection
  for (const json& s : sockets) {
    EXPECT_TRUE(s.contains("state_age_s")) << s.dump();
    EXPECT_TRUE(s.contains("first_seen")) << s.dump();
    EXPECT_TRUE(s.contains("local") && s.contains("recv_q") && s.contains("processes")) << s.dump();
  }
  EXPECT_TRUE(listener_aged(run, listener.port()));
}

TEST_F(ClientTest, TableFromTheDaemonHasAnAgeColumn) {
  start_daemon();
  Listener listener;
  until("sockets --json -t" + flags(), [&](const CliRun& r) { return listener_aged(r, listener.port()); });
  CliRun run = run_cli("sockets -t" + flags());
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(run.out.rfind("Netid State  Age Recv-Q Send-Q", 0), 0u) << run.out;
  EXPECT_TRUE(has_port(run.out, listener.port())) << run.out;
  size_t row = run.out.find("LISTEN");
  ASSERT_NE(row, std::string::npos);
  std::string line = run.out.substr(row, run.out.find('\n', row) - row);
  EXPECT_NE(line.find("s "), std::string::npos) << "an age in seconds: " << line;

  CliRun direct = run_cli("sockets -t --direct" + flags());
  ASSERT_EQ(direct.status, 0);
  EXPECT_EQ(direct.err, "") << "--direct says nothing";
  EXPECT_EQ(direct.out.find("Age"), std::string::npos) << direct.out;
  EXPECT_TRUE(has_port(direct.out, listener.port()));
}

TEST_F(ClientTest, SortByAgePutsTheOldestFirst) {
  start_daemon();
  Listener old_listener;
  until("sockets --json -t" + flags(), [&](const CliRun& r) { return listener_aged(r, old_listener.port()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  Listener new_listener;
  CliRun run = until("sockets --json -t --sort age" + flags(),
                     [&](const CliRun& r) { return listener_aged(r, new_listener.port()); });
  ASSERT_EQ(run.status, 0) << run.err;
  json sockets = sockets_of(run);
  ASSERT_EQ(sockets.size(), 2u) << run.out;
  EXPECT_EQ(sockets[0]["local"]["port"], old_listener.port());
  EXPECT_GT(sockets[0]["state_age_s"].get<double>(), sockets[1]["state_age_s"].get<double>());

  CliRun table = run_cli("sockets -t --sort age" + flags());
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_LT(table.out.find(":" + std::to_string(old_listener.port())),
            table.out.find(":" + std::to_string(new_listener.port())))
      << table.out;
}

TEST_F(ClientTest, StatusFromTheDaemonAgreesWithSs) {
  start_daemon();
  Listener listener;
  Connection a = connect_to(listener), b = connect_to(listener);
  ASSERT_TRUE(a.server.valid() && b.server.valid());
  const int established = ss_count("established"), listening = ss_count("listening");
  ASSERT_EQ(established, 4);
  CliRun run = until("status --json" + flags(), [&](const CliRun& r) {
    json j = json::parse(r.out, nullptr, false);
    return j.is_object() && j["counts"]["tcp"]["ESTABLISHED"] == established;
  });
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.err, "");
  json status = json::parse(run.out);
  EXPECT_EQ(status["counts"]["tcp"]["ESTABLISHED"], established);
  EXPECT_EQ(status["counts"]["tcp"]["LISTEN"], listening);
  EXPECT_EQ(status["totals"]["tcp"], established + listening);
  ASSERT_TRUE(status.contains("daemon")) << "the answer came from the daemon";
  EXPECT_GE(status["daemon"]["polls"].get<int>(), 1);

  CliRun text = run_cli("status" + flags());
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_EQ(text.err, "");
  EXPECT_NE(text.out.find("TCP sockets: " + std::to_string(established + listening)), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("\nDaemon: up "), std::string::npos) << text.out;

  CliRun report = run_cli("" + flags());
  ASSERT_EQ(report.status, 0) << report.err;
  EXPECT_NE(report.out.find("triage report"), std::string::npos);
  EXPECT_NE(report.out.find("\nDaemon: up "), std::string::npos) << report.out;
}

TEST_F(ClientTest, NoDaemonMeansOneNoticeAndADirectPoll) {
  Listener listener;
  const std::string missing = dir_.file("missing.sock");
  CliRun run = run_cli("sockets --json -t --socket " + missing);
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.err, "sockscope: no daemon at " + missing + " (No such file or directory); polling directly\n");
  json sockets = sockets_of(run);
  ASSERT_EQ(sockets.size(), 1u) << run.out;
  EXPECT_EQ(sockets[0]["local"]["port"], listener.port());
  EXPECT_FALSE(sockets[0].contains("state_age_s")) << "no ages without the daemon";

  CliRun table = run_cli("sockets -t --socket " + missing);
  EXPECT_EQ(table.status, 0);
  EXPECT_EQ(std::count(table.err.begin(), table.err.end(), '\n'), 1) << table.err;
  EXPECT_EQ(table.out.find("Age"), std::string::npos);
  EXPECT_TRUE(has_port(table.out, listener.port()));

  CliRun status = run_cli("status --json --socket " + missing);
  EXPECT_EQ(status.status, 0);
  EXPECT_EQ(std::count(status.err.begin(), status.err.end(), '\n'), 1) << status.err;
  EXPECT_EQ(json::parse(status.out)["counts"]["tcp"]["LISTEN"], 1);

  // A socket file nobody listens on (a daemon that died): refused, same fallback.
  const std::string stale = dir_.file("stale.sock");
  UniqueFd bound(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", stale.c_str());
  ASSERT_EQ(::bind(bound.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  CliRun refused = run_cli("status --socket " + stale);
  EXPECT_EQ(refused.status, 0);
  EXPECT_EQ(refused.err, "sockscope: no daemon at " + stale + " (Connection refused); polling directly\n");
  EXPECT_NE(refused.out.find("TCP sockets: 1"), std::string::npos) << refused.out;
  EXPECT_EQ(refused.out.find("Daemon:"), std::string::npos);
}

TEST_F(ClientTest, ASilentDaemonTimesOutAndFallsBack) {
  Listener listener;
  // Listens, so connect and the request succeed, but never answers.
  const std::string silent = dir_.file("silent.sock");
  UniqueFd bound(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", silent.c_str());
  ASSERT_EQ(::bind(bound.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::listen(bound.get(), 4), 0);
  auto started = std::chrono::steady_clock::now();
  CliRun run = run_cli("sockets -t --socket " + silent);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.err, "sockscope: no daemon at " + silent + " (no answer within 2 s); polling directly\n");
  EXPECT_TRUE(has_port(run.out, listener.port())) << run.out;
  EXPECT_GE(took, std::chrono::milliseconds(1900));
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST_F(ClientTest, SocketEnvironmentVariableNamesTheDaemon) {
  start_daemon();
  std::string command = "SOCKSCOPE_SOCKET=" + socket_ + " " + SOCKSCOPE_CLI_PATH + " status --json 2>&1";
  json status = json::parse(run_command(command), nullptr, false);
  ASSERT_TRUE(status.is_object());
  EXPECT_TRUE(status.contains("daemon"));
}

TEST_F(ClientTest, HistoryDrawsAChart) {
  start_daemon();
  Listener listener;
  CliRun json_run = until("history --json" + flags(), [&](const CliRun& r) {
    json j = json::parse(r.out, nullptr, false);
    if (!j.is_object() || !j["entries"].is_array() || j["entries"].size() < 3) return false;
    return j["entries"].back()["tcp"]["LISTEN"] == 1;
  });
  ASSERT_EQ(json_run.status, 0) << json_run.err;
  json history = json::parse(json_run.out);
  EXPECT_GE(history["entries"].size(), 3u);

  CliRun run = run_cli("history --seconds 600" + flags());
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(run.out.rfind("TCP sockets per state over the last", 0), 0u) << run.out;
  size_t row = run.out.find("\n  LISTEN ");
  ASSERT_NE(row, std::string::npos) << run.out;
  std::string line = run.out.substr(row + 1, run.out.find('\n', row + 1) - row - 1);
  EXPECT_NE(line.find("\xe2\x96"), std::string::npos) << "block characters: " << line;
  EXPECT_NE(line.find("min "), std::string::npos);
  EXPECT_NE(line.find("now 1"), std::string::npos) << line;
}

TEST_F(ClientTest, HistoryWithoutADaemonFails) {
  const std::string missing = dir_.file("missing.sock");
  CliRun run = run_cli("history --socket " + missing);
  EXPECT_EQ(run.status, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "sockscope: history needs the daemon (no daemon at " + missing +
                         ": No such file or directory)\n");

  CliRun sorted = run_cli("sockets --sort age --socket " + missing);
  EXPECT_EQ(sorted.status, 1);
  EXPECT_EQ(sorted.out, "");
  EXPECT_NE(sorted.err.find("--sort age needs the daemon"), std::string::npos) << sorted.err;
}

}  // namespace
}  // namespace sockscope::testing

// The daemon runs the detectors every poll and answers findings and explain:
// a process that never closes its CLOSE_WAIT sockets is raised, and explain
// names the finding for one of those sockets.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "daemon_fixture.h"
#include "tcp_sockets.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class DaemonFindingsTest : public DaemonTest {
 protected:
  // Three connections whose client side closed: the accepted ends sit in CLOSE_WAIT.
  void make_close_wait() {
    listener_ = tcp_listen(&port_);
    ASSERT_TRUE(listener_.valid());
    for (int i = 0; i < 3; ++i) {
      UniqueFd client = tcp_connect(port_);
      ASSERT_TRUE(client.valid());
      held_.push_back(tcp_accept(listener_.get()));
    }
  }

  json findings() {
    auto response = request_once(socket_path(), {{"method", "findings"}});
    return response.contains("result") ? response["result"]["findings"] : json();
  }

  uint16_t port_ = 0;
  UniqueFd listener_;
  std::vector<UniqueFd> held_;
};

TEST_F(DaemonFindingsTest, CloseWaitLeakIsRaisedAndExplained) {
  write_config(
      "[findings]\nraise_after = 2\nclear_after = 2\n\n"
      "[detectors.close_wait_buildup]\nmin_age_s = 0.2\nmin_count = 3\n");
  start_daemon();
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  json before = findings();
  ASSERT_TRUE(before.is_array());
  EXPECT_TRUE(before.empty()) << before.dump();

  make_close_wait();
  json found;
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    json list = findings();
    for (const json& f : list) {
      if (f["kind"] == "close_wait_buildup") found = f;
    }
    if (!found.is_null()) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_FALSE(found.is_null()) << "close_wait_buildup never raised";
  EXPECT_EQ(found["evidence"]["count"], 3) << found.dump();
  EXPECT_TRUE(found["since"].is_number());
  ASSERT_EQ(found["sockets"].size(), 3u);

  auto response = request_once(socket_path(), {{"method", "explain"}, {"params", {{"cookie", found["sockets"][0]}}}});
  ASSERT_TRUE(response.contains("result")) << response.dump();
  const json& explanation = response["result"]["explanation"];
  EXPECT_EQ(explanation["state"], "CLOSE_WAIT");
  EXPECT_TRUE(explanation["state_age_s"].is_number()) << "the daemon knows the age";
  ASSERT_EQ(explanation["findings"].size(), 1u);
  EXPECT_EQ(explanation["findings"][0]["id"], found["id"]);

  // Closing them clears the finding after clear_after polls.
  held_.clear();
  deadline = std::chrono::steady_clock::now() + 5s;
  bool cleared = false;
  while (!cleared && std::chrono::steady_clock::now() < deadline) {
    cleared = true;
    for (const json& f : findings()) cleared = cleared && f["kind"] != "close_wait_buildup";
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(cleared);
}

TEST_F(DaemonFindingsTest, ExplainAnswersStatesMatchesAndMistakes) {
  start_daemon();
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  make_close_wait();
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));

  auto state = request_once(socket_path(), {{"method", "explain"}, {"params", {{"state", "time-wait"}}}});
  ASSERT_TRUE(state.contains("result")) << state.dump();
  EXPECT_EQ(state["result"]["explanation"]["state"], "TIME_WAIT");
  EXPECT_TRUE(state["result"]["explanation"]["socket"].is_null());

  auto several = request_once(socket_path(), {{"method", "explain"}, {"params", {{"state", "close-wait"}, {"sport", port_}}}});
  ASSERT_TRUE(several.contains("result")) << several.dump();
  EXPECT_TRUE(several["result"]["explanation"].is_null());
  EXPECT_EQ(several["result"]["count"], 3);
  EXPECT_EQ(several["result"]["sockets"].size(), 3u);

  auto none = request_once(socket_path(), {{"method", "explain"}, {"params", {{"cookie", 1}}}});
  EXPECT_EQ(none["error"]["code"], "not_found") << none.dump();
  auto bad = request_once(socket_path(), {{"method", "explain"}, {"params", {{"local", "1.2.3.4:99999"}, {"peer", "*:*"}}}});
  EXPECT_EQ(bad["error"]["code"], "bad_filter") << bad.dump();
  EXPECT_NE(bad["error"]["message"].get<std::string>().find("99999"), std::string::npos);
  auto half = request_once(socket_path(), {{"method", "explain"}, {"params", {{"local", "1.2.3.4:80"}}}});
  EXPECT_EQ(half["error"]["code"], "invalid_request") << half.dump();
  // The daemon goes on serving.
  EXPECT_FALSE(daemon_status(socket_path()).is_null());
}

TEST_F(DaemonFindingsTest, CliShowsTheDaemonsFindingsAndDirectModeSaysWhatItLacks) {
  write_config("[findings]\nraise_after = 1\n\n[detectors.close_wait_buildup]\nmin_age_s = 0\nmin_count = 3\n");
  start_daemon();
  make_close_wait();
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  const std::string cli = std::string(SOCKSCOPE_CLI_PATH) + " --socket " + socket_path();
  int status = -1;
  json listing = json::parse(run_command(cli + " findings --json", &status), nullptr, false);
  EXPECT_EQ(status, 0);
  ASSERT_TRUE(listing.contains("findings")) << listing.dump();
  ASSERT_EQ(listing["findings"].size(), 1u) << listing.dump();
  EXPECT_EQ(listing["findings"][0]["kind"], "close_wait_buildup");

  std::string table = run_command(cli + " findings", &status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(table.find("close_wait_buildup"), std::string::npos) << table;
  EXPECT_EQ(table.find("Direct mode"), std::string::npos) << table;

  std::string report = run_command(cli, &status);
  EXPECT_EQ(status, 0);
  size_t finding_at = report.find("close_wait_buildup");
  size_t status_at = report.find("TCP sockets:");
  ASSERT_NE(finding_at, std::string::npos) << report;
  EXPECT_LT(finding_at, status_at) << "findings come before the status";

  // Direct mode has no ages: with the default min_age_s of 60 nothing is
  // old enough, and it says which detectors need the daemon.
  std::string direct = run_command(cli + " findings --direct", &status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(direct.find("Direct mode"), std::string::npos) << direct;
  EXPECT_NE(direct.find("rst_storm"), std::string::npos) << direct;
}

TEST_F(DaemonFindingsTest, CliExplainAsksTheDaemonForAgesAndFindings) {
  write_config("[findings]\nraise_after = 1\n\n[detectors.close_wait_buildup]\nmin_age_s = 0\nmin_count = 3\n");
  start_daemon();
  make_close_wait();
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  const std::string cli = std::string(SOCKSCOPE_CLI_PATH) + " --socket " + socket_path();
  auto response = request_once(socket_path(), {{"method", "findings"}});
  ASSERT_EQ(response["result"]["findings"].size(), 1u) << response.dump();
  const json& finding = response["result"]["findings"][0];
  const std::string cookie = std::to_string(finding["sockets"][0].get<uint64_t>());

  int status = -1;
  json explanation = json::parse(run_command(cli + " explain --json --cookie " + cookie, &status), nullptr, false);
  EXPECT_EQ(status, 0);
  ASSERT_TRUE(explanation.is_object());
  EXPECT_EQ(explanation["state"], "CLOSE_WAIT");
  EXPECT_TRUE(explanation["state_age_s"].is_number()) << "ages come from the daemon";
  ASSERT_EQ(explanation["findings"].size(), 1u);
  EXPECT_EQ(explanation["findings"][0]["id"], finding["id"]);

  std::string text = run_command(cli + " explain --cookie " + cookie + " 2>&1", &status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(text.find("CLOSE_WAIT"), std::string::npos) << text;
  EXPECT_NE(text.find("close_wait_buildup"), std::string::npos) << text;
  EXPECT_EQ(text.find("polling directly"), std::string::npos) << text;

  std::string several = run_command(cli + " explain --state close-wait --sport " + std::to_string(port_) + " 2>&1", &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(several.find("3 sockets match"), std::string::npos) << several;
  std::string none = run_command(cli + " explain --cookie 1 2>&1", &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(none.find("no socket matches"), std::string::npos) << none;
}

}  // namespace
}  // namespace sockscope::testing

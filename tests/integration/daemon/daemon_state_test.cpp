// What the daemon reports about sockets agrees with the kernel and with time.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "daemon_fixture.h"
#include "tcp_sockets.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

size_t ss_count(const std::string& state) {
  std::string out = run_command("ss -Htan state " + state);
  size_t lines = 0;
  for (char c : out) lines += c == '\n' ? 1 : 0;
  return lines;
}

json sockets_on_port(const std::string& socket, uint16_t port) {
  auto response = request_once(socket, {{"method", "sockets"}, {"params", {{"sport", port}}}});
  if (!response.contains("result")) return nullptr;
  return response["result"]["sockets"];
}

TEST_F(DaemonTest, StatusCountsAgreeWithSs) {
  start_daemon();
  uint16_t port = 0;
  UniqueFd listener = tcp_listen(&port);
  ASSERT_TRUE(listener.valid());
  std::vector<UniqueFd> keep;
  for (int i = 0; i < 3; ++i) {
    keep.push_back(tcp_connect(port));
    ASSERT_TRUE(keep.back().valid());
    keep.push_back(tcp_accept(listener.get()));
  }
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));

  json status = daemon_status(socket_path());
  ASSERT_FALSE(status.is_null());
  EXPECT_EQ(status["counts"]["tcp"]["ESTABLISHED"].get<size_t>(), ss_count("established"));
  EXPECT_EQ(status["counts"]["tcp"]["LISTEN"].get<size_t>(), ss_count("listening"));
  EXPECT_EQ(status["counts"]["tcp"]["ESTABLISHED"].get<size_t>(), 6u);
  EXPECT_EQ(status["counts"]["tcp"]["LISTEN"].get<size_t>(), 1u);
  const json& daemon = status["daemon"];
  EXPECT_GE(daemon["polls"].get<uint64_t>(), 2u);
  EXPECT_EQ(daemon["polls_failed"].get<uint64_t>(), 0u);
  EXPECT_DOUBLE_EQ(daemon["interval_s"].get<double>(), 0.2);
  EXPECT_GT(daemon["last_poll_ms"].get<double>(), 0.0);
  // Polling every 0.2 s: the last good poll is recent.
  ASSERT_TRUE(daemon["last_good_poll_age_s"].is_number()) << daemon.dump();
  EXPECT_GE(daemon["last_good_poll_age_s"].get<double>(), 0.0);
  EXPECT_LT(daemon["last_good_poll_age_s"].get<double>(), 2.0);
}

TEST_F(DaemonTest, StateAgeGrowsWithWallTime) {
  start_daemon();
  uint16_t port = 0;
  UniqueFd listener = tcp_listen(&port);
  ASSERT_TRUE(listener.valid());
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));

  json first = sockets_on_port(socket_path(), port);
  ASSERT_EQ(first.size(), 1u) << first.dump();
  auto before = std::chrono::system_clock::now();
  std::this_thread::sleep_for(1500ms);
  json second = sockets_on_port(socket_path(), port);
  ASSERT_EQ(second.size(), 1u) << second.dump();

  ASSERT_TRUE(first[0]["state_age_s"].is_number()) << first[0].dump();
  double grown = second[0]["state_age_s"].get<double>() - first[0]["state_age_s"].get<double>();
  EXPECT_NEAR(grown, 1.5, 0.2);
  // first_seen is a poll time, so the socket existed at most one interval before it.
  double made = std::chrono::duration<double>(before.time_since_epoch()).count();
  EXPECT_NEAR(second[0]["first_seen"].get<double>(), made - first[0]["state_age_s"].get<double>(), 0.5);
  EXPECT_EQ(second[0]["state"], "LISTEN");
}

TEST_F(DaemonTest, ClosedSocketDisappearsAfterTwoPolls) {
  start_daemon();
  uint16_t port = 0;
  UniqueFd listener = tcp_listen(&port);
  ASSERT_TRUE(listener.valid());
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  ASSERT_EQ(sockets_on_port(socket_path(), port).size(), 1u);

  listener.reset();
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  json after = sockets_on_port(socket_path(), port);
  ASSERT_TRUE(after.is_array());
  EXPECT_TRUE(after.empty()) << after.dump();
}

TEST_F(DaemonTest, SocketsSortedByAge) {
  start_daemon();
  uint16_t old_port = 0, new_port = 0;
  UniqueFd old_listener = tcp_listen(&old_port);
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  UniqueFd new_listener = tcp_listen(&new_port);
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));

  auto response = request_once(socket_path(), {{"method", "sockets"}, {"params", {{"sort", "age"}}}});
  ASSERT_TRUE(response.contains("result")) << response.dump();
  const json& sockets = response["result"]["sockets"];
  ASSERT_EQ(sockets.size(), 2u);
  EXPECT_EQ(sockets[0]["local"]["port"], old_port);
  EXPECT_EQ(sockets[1]["local"]["port"], new_port);
  EXPECT_GT(sockets[0]["state_age_s"].get<double>(), sockets[1]["state_age_s"].get<double>());
}

TEST_F(DaemonTest, SocketsLimitKeepsTheFirstAfterSortingAndCountsTheRest) {
  start_daemon();
  uint16_t ports[3] = {};
  UniqueFd listeners[3];
  for (int i = 0; i < 3; ++i) {
    listeners[i] = tcp_listen(&ports[i]);
    ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  }
  auto response = request_once(socket_path(), {{"method", "sockets"}, {"params", {{"sort", "age"}, {"limit", 2}}}});
  ASSERT_TRUE(response.contains("result")) << response.dump();
  EXPECT_EQ(response["result"]["total"], 3);
  const json& sockets = response["result"]["sockets"];
  ASSERT_EQ(sockets.size(), 2u);
  EXPECT_EQ(sockets[0]["local"]["port"], ports[0]);
  EXPECT_EQ(sockets[1]["local"]["port"], ports[1]);

  auto unlimited = request_once(socket_path(), {{"method", "sockets"}});
  EXPECT_FALSE(unlimited["result"].contains("total")) << unlimited.dump();
  EXPECT_EQ(unlimited["result"]["sockets"].size(), 3u);
}

TEST_F(DaemonTest, AnAnchorMovesTheWindowToItsSocket) {
  start_daemon();
  constexpr int kListeners = 6;
  uint16_t ports[kListeners] = {};
  UniqueFd listeners[kListeners];
  for (int i = 0; i < kListeners; ++i) {
    listeners[i] = tcp_listen(&ports[i]);
    ASSERT_TRUE(listeners[i].valid());
    ASSERT_TRUE(wait_for_polls(socket_path(), 2));  // a distinct age for each
  }
  const json by_age = {{"state", "listen"}, {"sort", "age"}};
  auto all = request_once(socket_path(), {{"method", "sockets"}, {"params", by_age}});
  const json& listing = all["result"]["sockets"];
  ASSERT_EQ(listing.size(), static_cast<size_t>(kListeners)) << all.dump();
  const uint64_t fifth = listing[4]["cookie"].get<uint64_t>();

  // Two rows of the window before the anchor: positions 2 to 4.
  json params = by_age;
  params["limit"] = 3;
  params["offset"] = 0;
  params["anchor"] = fifth;
  params["anchor_row"] = 2;
  auto anchored = request_once(socket_path(), {{"method", "sockets"}, {"params", params}});
  ASSERT_TRUE(anchored.contains("result")) << anchored.dump();
  EXPECT_EQ(anchored["result"]["offset"], 2);
  EXPECT_EQ(anchored["result"]["total"], kListeners);
  ASSERT_EQ(anchored["result"]["sockets"].size(), 3u);
  EXPECT_EQ(anchored["result"]["sockets"][2]["cookie"], fifth);

  // Its socket gone, the anchor leaves the offset to decide.
  listeners[4].reset();
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  auto gone = request_once(socket_path(), {{"method", "sockets"}, {"params", params}});
  EXPECT_EQ(gone["result"]["offset"], 0) << gone.dump();
  EXPECT_EQ(gone["result"]["total"], kListeners - 1);
  ASSERT_EQ(gone["result"]["sockets"].size(), 3u);
  EXPECT_EQ(gone["result"]["sockets"][0]["cookie"], listing[0]["cookie"]);
}

TEST_F(DaemonTest, SocketsWithoutDetailsLeaveOutTcpInfoAndMemory) {
  start_daemon();
  uint16_t port = 0;
  UniqueFd listener = tcp_listen(&port);
  UniqueFd client = tcp_connect(port);
  UniqueFd server = tcp_accept(listener.get());
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  const json filter = {{"state", "established"}, {"sport", port}};

  auto full = request_once(socket_path(), {{"method", "sockets"}, {"params", filter}});
  ASSERT_EQ(full["result"]["sockets"].size(), 1u) << full.dump();
  const json& detailed = full["result"]["sockets"][0];
  EXPECT_TRUE(detailed.contains("tcp_info")) << detailed.dump();
  EXPECT_TRUE(detailed.contains("mem")) << detailed.dump();

  json brief_params = filter;
  brief_params["details"] = false;
  auto brief = request_once(socket_path(), {{"method", "sockets"}, {"params", brief_params}});
  ASSERT_EQ(brief["result"]["sockets"].size(), 1u) << brief.dump();
  const json& plain = brief["result"]["sockets"][0];
  EXPECT_FALSE(plain.contains("tcp_info")) << plain.dump();
  EXPECT_FALSE(plain.contains("mem")) << plain.dump();
  EXPECT_EQ(plain["cookie"], detailed["cookie"]);
  EXPECT_EQ(plain["local"], detailed["local"]);
  EXPECT_TRUE(plain["state_age_s"].is_number()) << plain.dump();
}

}  // namespace
}  // namespace sockscope::testing

namespace sockscope::testing {
namespace {

// The pids holding the listener on `port`, as the daemon reports them.
std::vector<int> owner_pids(const std::string& socket, uint16_t port) {
  std::vector<int> pids;
  json sockets = sockets_on_port(socket, port);
  if (!sockets.is_array() || sockets.size() != 1) return pids;
  for (const json& p : sockets[0]["processes"]) pids.push_back(p["pid"].get<int>());
  return pids;
}

TEST_F(DaemonTest, OwnersOfNewSocketsAppearAfterTheRescanInterval) {
  start_daemon({"--interval", "0.2", "--set", "collect.owner_rescan_s=1"});
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  uint16_t port = 0;
  UniqueFd listener = tcp_listen(&port);
  ASSERT_TRUE(listener.valid());

  const std::vector<int> self = {static_cast<int>(::getpid())};
  auto deadline = std::chrono::steady_clock::now() + 3s;
  while (owner_pids(socket_path(), port) != self && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  EXPECT_EQ(owner_pids(socket_path(), port), self);

  json status = daemon_status(socket_path());
  ASSERT_FALSE(status.is_null());
  // Owners are not rescanned on every poll: far fewer scans than polls.
  EXPECT_LT(status["daemon"]["owner_scans"].get<uint64_t>(), status["daemon"]["polls"].get<uint64_t>());
}

TEST_F(DaemonTest, OwnersKnownBeforeAScanIsDueStayUnknownUntilIt) {
  start_daemon({"--interval", "0.2", "--set", "collect.owner_rescan_s=3600"});
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  uint16_t port = 0;
  UniqueFd listener = tcp_listen(&port);
  ASSERT_TRUE(listener.valid());
  ASSERT_TRUE(wait_for_polls(socket_path(), 3));
  ASSERT_EQ(sockets_on_port(socket_path(), port).size(), 1u);
  EXPECT_TRUE(owner_pids(socket_path(), port).empty());
  EXPECT_EQ(daemon_status(socket_path())["daemon"]["owner_scans"].get<uint64_t>(), 1u);
}

}  // namespace
}  // namespace sockscope::testing

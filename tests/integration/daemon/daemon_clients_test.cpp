// Clients cannot hurt the daemon or each other: bad requests, huge lines,
// many clients at once, and a subscriber that never reads.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <thread>
#include <vector>

#include "daemon_fixture.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

std::string error_code_of(const json& response) {
  if (!response.is_object() || !response.contains("error")) return "";
  return response["error"]["code"].get<std::string>();
}

TEST_F(DaemonTest, BadRequestGetsErrorAndDaemonKeepsServing) {
  start_daemon();
  auto bad = Connection::open(socket_path());
  ASSERT_TRUE(bad);
  ASSERT_TRUE(bad->send_text("this is not json\n"));
  auto line = bad->read_line();
  ASSERT_TRUE(line);
  json response = json::parse(*line, nullptr, false);
  EXPECT_EQ(error_code_of(response), "parse_error") << *line;
  EXPECT_EQ(response["version"], 1);

  EXPECT_EQ(error_code_of(bad->request({{"method", "nope"}, {"id", 3}})), "unknown_method");
  EXPECT_EQ(error_code_of(bad->request({{"method", "sockets"}, {"params", {{"state", "close-wiat"}}}})), "bad_filter");

  // Another client, and the same one, are still served.
  EXPECT_FALSE(daemon_status(socket_path()).is_null());
  json version = bad->request({{"method", "version"}, {"id", "v"}});
  EXPECT_EQ(version["id"], "v");
  EXPECT_EQ(version["result"]["protocol"], 1);
}

TEST_F(DaemonTest, PartialLineThenDisconnectIsJustClosed) {
  start_daemon();
  {
    auto partial = Connection::open(socket_path());
    ASSERT_TRUE(partial);
    ASSERT_TRUE(partial->send_text(R"({"method":"sta)"));
  }
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  json status = daemon_status(socket_path());
  ASSERT_FALSE(status.is_null());
  EXPECT_EQ(status["daemon"]["clients"], 1) << "only the asking client is left";
}

TEST_F(DaemonTest, OneMebibyteLineGetsTooLongAndClose) {
  start_daemon();
  auto client = Connection::open(socket_path());
  ASSERT_TRUE(client);
  // The daemon stops reading, so the writer may block until it closes: write from a thread.
  std::thread writer([fd = client->fd()] {
    std::string huge(1 << 20, 'x');
    size_t sent = 0;
    while (sent < huge.size()) {
      ssize_t n = ::send(fd, huge.data() + sent, huge.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;  // EPIPE / ECONNRESET once the daemon closes
      sent += static_cast<size_t>(n);
    }
  });
  auto line = client->read_line(10s);
  writer.join();
  ASSERT_TRUE(line);
  EXPECT_EQ(error_code_of(json::parse(*line, nullptr, false)), "too_long") << *line;
  EXPECT_TRUE(client->closed_by_peer());
  EXPECT_FALSE(daemon_status(socket_path()).is_null());
}

TEST_F(DaemonTest, SixtyFourConcurrentClientsAllAnsweredAndNextIsBusy) {
  start_daemon();
  std::vector<Connection> clients;
  for (int i = 0; i < 64; ++i) {
    auto client = Connection::open(socket_path());
    ASSERT_TRUE(client) << "client " << i;
    clients.push_back(std::move(*client));
  }
  for (int i = 0; i < 64; ++i) {
    ASSERT_TRUE(clients[i].send_text(json({{"method", "status"}, {"id", i}}).dump() + "\n"));
  }
  for (int i = 0; i < 64; ++i) {
    auto line = clients[i].read_line(10s);
    ASSERT_TRUE(line) << "client " << i << " got no answer";
    json response = json::parse(*line, nullptr, false);
    EXPECT_EQ(response["id"], i);
    EXPECT_TRUE(response.contains("result")) << *line;
  }

  auto extra = Connection::open(socket_path());
  ASSERT_TRUE(extra);
  auto line = extra->read_line();
  ASSERT_TRUE(line);
  EXPECT_EQ(error_code_of(json::parse(*line, nullptr, false)), "busy") << *line;
  EXPECT_TRUE(extra->closed_by_peer());
}

TEST_F(DaemonTest, SubscriberGetsAckThenOnePollEventPerPoll) {
  start_daemon();
  auto subscriber = Connection::open(socket_path());
  ASSERT_TRUE(subscriber);
  json ack = subscriber->request({{"method", "subscribe"}, {"id", "s"}});
  EXPECT_EQ(ack["result"]["subscribed"], true) << ack.dump();
  uint64_t previous = 0;
  for (int i = 0; i < 3; ++i) {
    auto line = subscriber->read_line(2s);
    ASSERT_TRUE(line);
    json event = json::parse(*line, nullptr, false);
    EXPECT_EQ(event["event"], "poll");
    EXPECT_EQ(event["id"], "s");
    uint64_t polls = event["result"]["daemon"]["polls"].get<uint64_t>();
    if (i > 0) {
      EXPECT_EQ(polls, previous + 1);
    }
    previous = polls;
  }
}

TEST_F(DaemonTest, SubscriberThatNeverReadsDelaysNothingAndIsDropped) {
  start_daemon({"--interval", "0.05", "--set", "daemon.client_output_limit=65536"});
  auto subscriber = Connection::open(socket_path());
  ASSERT_TRUE(subscriber);
  ASSERT_TRUE(subscriber->send_text("{\"method\":\"subscribe\"}\n"));
  // From here on the subscriber reads nothing.

  json first = daemon_status(socket_path());
  ASSERT_FALSE(first.is_null());
  auto start = std::chrono::steady_clock::now();
  bool dropped = false;
  uint64_t polls_at_two_seconds = 0;
  while (std::chrono::steady_clock::now() - start < 20s) {
    auto asked = std::chrono::steady_clock::now();
    json status = daemon_status(socket_path());
    ASSERT_FALSE(status.is_null());
    EXPECT_LT(std::chrono::steady_clock::now() - asked, 500ms) << "a status answer was delayed";
    if (polls_at_two_seconds == 0 && std::chrono::steady_clock::now() - start >= 2s) {
      polls_at_two_seconds = status["daemon"]["polls"].get<uint64_t>();
      // 40 polls at 0.05 s; allow for a loaded machine.
      EXPECT_GE(polls_at_two_seconds - first["daemon"]["polls"].get<uint64_t>(), 25u);
    }
    if (status["daemon"]["clients"] == 1) {  // just the one asking
      dropped = true;
      if (polls_at_two_seconds != 0) break;
    }
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(dropped) << "a subscriber past the output limit must be dropped";
  EXPECT_TRUE(subscriber->closed_by_peer(1s));
}

TEST_F(DaemonTest, IdleClientIsClosedButSubscriberIsNot) {
  start_daemon({"--interval", "0.2", "--set", "daemon.client_idle_timeout_s=0.5"});
  auto idle = Connection::open(socket_path());
  ASSERT_TRUE(idle);
  auto subscriber = Connection::open(socket_path());
  ASSERT_TRUE(subscriber);
  ASSERT_TRUE(subscriber->send_text("{\"method\":\"subscribe\"}\n"));

  // The sweep runs every second: closed within timeout plus one sweep.
  EXPECT_TRUE(idle->closed_by_peer(3s));
  json status = daemon_status(socket_path());
  ASSERT_FALSE(status.is_null());
  EXPECT_EQ(status["daemon"]["clients"], 2) << "the subscriber and the asking client";
  EXPECT_TRUE(subscriber->read_line(1s)) << "the subscriber keeps receiving poll events";
}

}  // namespace
}  // namespace sockscope::testing

// Clients cannot hurt the daemon or each other: bad requests, huge lines,
// many clients at once, and a subscriber that never reads.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <thread>
#include <vector>

#include "daemon_fixture.h"
#include "tcp_sockets.h"

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

namespace sockscope::testing {
namespace {

// Many sockets make a sockets answer of several megabytes; it is streamed
// while the client reads, requests behind it keep their order, and a client
// that stops reading mid-answer holds up neither polls nor other clients.
class LargeAnswerTest : public DaemonTest {
 protected:
  void SetUp() override {
    DaemonTest::SetUp();
    if (IsSkipped()) return;
    rlimit files{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &files), 0);
    if (files.rlim_cur < 8192 && files.rlim_max >= 8192) {
      files.rlim_cur = 8192;
      ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &files), 0);
    }
    listener_ = tcp_listen(&port_);
    ASSERT_TRUE(listener_.valid());
    for (int i = 0; i < kPairs; ++i) {
      sockets_.push_back(tcp_connect(port_));
      ASSERT_TRUE(sockets_.back().valid()) << "connection " << i;
      sockets_.push_back(tcp_accept(listener_.get()));
    }
  }

  static constexpr int kPairs = 1500;  // 3,001 sockets with tcp_info: about 6 MB of JSON
  uint16_t port_ = 0;
  UniqueFd listener_;
  std::vector<UniqueFd> sockets_;
};

TEST_F(LargeAnswerTest, StreamedAnswerIsWholeAndPipelinedRequestsKeepTheirOrder) {
  start_daemon({"--interval", "0.2", "--set", "daemon.client_output_limit=65536"});
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  auto connection = Connection::open(socket_path());
  ASSERT_TRUE(connection);
  ASSERT_TRUE(connection->send_text("{\"method\":\"sockets\",\"id\":1}\n{\"method\":\"version\",\"id\":2}\n"
                                    "{\"method\":\"sockets\",\"id\":3,\"params\":{\"sport\":" +
                                    std::to_string(port_) + "}}\n"));
  auto first = connection->read_line(20s);
  ASSERT_TRUE(first);
  json listing = json::parse(*first, nullptr, false);
  ASSERT_FALSE(listing.is_discarded()) << first->substr(0, 200) << " ... " << first->size() << " bytes";
  EXPECT_EQ(listing["id"], 1);
  EXPECT_EQ(listing["result"]["sockets"].size(), 2u * kPairs + 1);
  EXPECT_GT(first->size(), 65536u * 4) << "the answer outgrew the output limit and still arrived whole";
  auto second = connection->read_line();
  ASSERT_TRUE(second);
  EXPECT_EQ(json::parse(*second)["id"], 2);
  auto third = connection->read_line(20s);
  ASSERT_TRUE(third);
  json listener_only = json::parse(*third);
  EXPECT_EQ(listener_only["id"], 3);
  EXPECT_EQ(listener_only["result"]["sockets"].size(), kPairs + 1u);  // the listener and the accepted ends
}

TEST_F(LargeAnswerTest, ClientThatStopsReadingMidAnswerDelaysNothing) {
  start_daemon({"--interval", "0.1"});
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  auto stalled = Connection::open(socket_path());
  ASSERT_TRUE(stalled);
  ASSERT_TRUE(stalled->send_text("{\"method\":\"sockets\"}\n"));
  // It reads nothing; polls and other clients go on.
  json before = daemon_status(socket_path());
  ASSERT_FALSE(before.is_null());
  std::this_thread::sleep_for(1s);
  auto asked = std::chrono::steady_clock::now();
  json after = daemon_status(socket_path());
  ASSERT_FALSE(after.is_null());
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 500ms);
  EXPECT_GE(after["daemon"]["polls"].get<uint64_t>() - before["daemon"]["polls"].get<uint64_t>(), 5u);
  EXPECT_EQ(after["daemon"]["clients"], 2);  // the stalled one is still there, waiting
}

}  // namespace
}  // namespace sockscope::testing

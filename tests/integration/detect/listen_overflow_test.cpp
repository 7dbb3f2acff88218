// listen_overflow against the real kernel: listeners whose accept queue
// fills because nothing accepts, and the namespace's ListenOverflows counter
// rising when more clients arrive than the queue holds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "../states/socket_scenarios.h"
#include "detect/detector_fns.h"
#include "detect_harness.h"
#include "netns_fixture.h"
#include "queue_scenarios.h"

namespace {

using namespace sockscope;
using namespace sockscope::testing;
using namespace std::chrono_literals;

class ListenOverflowTest : public NetnsTest {};

constexpr double kInterval = 0.1;

std::string listener_id(Ip ip, uint16_t port) {
  return std::string("listen_overflow:") + (ip == Ip::V4 ? "127.0.0.1:" : "[::1]:") + std::to_string(port);
}

// Polls until a finding satisfies `match`, or `limit` passes.
template <typename Match>
std::optional<Finding> poll_until_match(DetectHarness& harness, const DetectorsConfig& config, Match match,
                                        std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    for (Finding& f : harness.poll(detect_listen_overflow, config)) {
      if (match(f)) return std::move(f);
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::duration<double>(harness.interval_s()));
  }
}

const Finding* by_id(const std::vector<Finding>& found, const std::string& id) {
  for (const Finding& f : found) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

TEST_F(ListenOverflowTest, ListenerThatNeverAcceptsIsCriticalWithOverflowsRising) {
  DetectHarness harness(kInterval);
  const DetectorsConfig config;
  const auto quiet = harness.poll(detect_listen_overflow, config);
  EXPECT_TRUE(quiet.empty()) << describe(quiet);

  // backlog 2 holds 3 connections; the other 3 clients are dropped.
  NeverAccepting scenario = never_accepting(Ip::V4, 2, 6);
  const std::string id = listener_id(Ip::V4, scenario.port);
  // The drops land in the counters as the clients' SYNs are processed.
  auto found = poll_until_match(
      harness, config,
      [&](const Finding& f) {
        return f.id == id && f.evidence.at("listen_overflows").is_number() && f.evidence.at("listen_overflows") >= 3;
      },
      3000ms);
  ASSERT_TRUE(found) << describe(harness.poll(detect_listen_overflow, config));

  EXPECT_EQ(found->severity, Severity::Critical);
  EXPECT_EQ(found->subject, "127.0.0.1:" + std::to_string(scenario.port));
  const auto& e = found->evidence;
  EXPECT_EQ(e.at("port"), scenario.port);
  EXPECT_EQ(e.at("queue"), 3);
  EXPECT_EQ(e.at("backlog"), 2);
  EXPECT_EQ(e.at("full"), true);
  EXPECT_EQ(e.at("pid"), ::getpid());
  EXPECT_EQ(e.at("somaxconn"), 4096);  // a new namespace's default since 5.4
  // Every client beyond backlog + 1 had its SYN or final ACK dropped at least once.
  EXPECT_GE(e.at("listen_drops").get<int64_t>(), e.at("listen_overflows").get<int64_t>());
  EXPECT_GT(e.at("listen_overflows_per_s").get<double>(), 0.0);
  EXPECT_EQ(found->sockets, std::vector<uint64_t>{socket_cookie(scenario.listener)});
}

TEST_F(ListenOverflowTest, OverflowOfAListenerThatIsGoneIsAHostFinding) {
  DetectHarness harness(kInterval);
  const DetectorsConfig config;
  harness.poll(detect_listen_overflow, config);
  {
    NeverAccepting scenario = never_accepting(Ip::V4, 1, 4);
    const std::string id = listener_id(Ip::V4, scenario.port);
    auto over = harness.poll_until(detect_listen_overflow, config, "listen_overflow", 3000ms, id);
    ASSERT_TRUE(over) << describe(harness.poll(detect_listen_overflow, config));
  }  // listener and clients closed: no accept queue is over the threshold any more

  const auto found = harness.poll(detect_listen_overflow, config);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  const Finding& host = found[0];
  EXPECT_EQ(host.id, "listen_overflow:host");
  EXPECT_EQ(host.subject, "host");
  EXPECT_EQ(host.severity, Severity::Critical);
  EXPECT_GE(host.evidence.at("listen_overflows").get<int64_t>(), 2);
  EXPECT_TRUE(host.evidence.at("fullest_listener").is_null());
  EXPECT_TRUE(host.sockets.empty());
}

TEST_F(ListenOverflowTest, QueueNearItsBacklogIsAWarningThatClearsWhenAccepted) {
  DetectHarness harness(kInterval);
  const DetectorsConfig config;
  // Ten completed handshakes against backlog 10: 100 % used, not yet full.
  AcceptQueue queue = accept_queue(Ip::V6, 10, 10);
  ASSERT_TRUE(wait_until([&] { return accept_queue_length(queue.listener) == 10; }));
  const std::string id = listener_id(Ip::V6, queue.port);

  harness.poll(detect_listen_overflow, config);
  auto found = harness.poll(detect_listen_overflow, config);
  const Finding* f = by_id(found, id);
  ASSERT_NE(f, nullptr) << describe(found);
  EXPECT_EQ(f->severity, Severity::Warning);
  EXPECT_EQ(f->evidence.at("queue"), 10);
  EXPECT_EQ(f->evidence.at("backlog"), 10);
  EXPECT_EQ(f->evidence.at("full"), false);
  EXPECT_EQ(f->evidence.at("listen_overflows"), 0);

  // 9 of 10 is still at 90 %; 8 of 10 is below it.
  std::vector<UniqueFd> accepted;
  accepted.push_back(accept_one(queue.listener));
  found = harness.poll(detect_listen_overflow, config);
  f = by_id(found, id);
  ASSERT_NE(f, nullptr) << describe(found);
  EXPECT_EQ(f->evidence.at("queue"), 9);

  accepted.push_back(accept_one(queue.listener));
  found = harness.poll(detect_listen_overflow, config);
  EXPECT_TRUE(found.empty()) << describe(found);
}

TEST_F(ListenOverflowTest, BacklogCappedBySomaxconnIsNamedInTheAdvice) {
  int status = 0;
  run_command("sysctl -qw net.core.somaxconn=4", &status);
  ASSERT_EQ(status, 0);
  DetectHarness harness(kInterval);
  const DetectorsConfig config;
  // listen(64) is cut to somaxconn: the queue's limit reads 4.
  AcceptQueue queue = accept_queue(Ip::V4, 64, 4);
  ASSERT_TRUE(wait_until([&] { return accept_queue_length(queue.listener) == 4; }));

  auto found =
      harness.poll_until(detect_listen_overflow, config, "listen_overflow", 2000ms, listener_id(Ip::V4, queue.port));
  ASSERT_TRUE(found) << describe(harness.poll(detect_listen_overflow, config));
  EXPECT_EQ(found->evidence.at("backlog"), 4);
  EXPECT_EQ(found->evidence.at("somaxconn"), 4);
  EXPECT_NE(found->advice.find("net.core.somaxconn (4)"), std::string::npos) << found->advice;
}

}  // namespace

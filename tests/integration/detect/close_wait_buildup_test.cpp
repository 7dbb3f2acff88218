// close_wait_buildup against the real kernel: connections whose peer shut
// its side while this process (or a child it forked) never closes them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "../states/socket_scenarios.h"
#include "conn_scenarios.h"
#include "detect/detector_fns.h"
#include "detect_harness.h"

namespace {

using namespace sockscope;
using namespace sockscope::testing;
using namespace std::chrono_literals;

class CloseWaitBuildupTest : public NetnsTest {};

constexpr double kInterval = 0.1;
constexpr double kMinAge = 0.4;

DetectorsConfig fast_config(double min_age_s = kMinAge) {
  DetectorsConfig config;
  config.close_wait_buildup.min_age_s = min_age_s;
  config.close_wait_buildup.min_count = 3;
  return config;
}

std::string pid_id(pid_t pid) { return "close_wait_buildup:pid=" + std::to_string(pid); }

bool lists_port(const nlohmann::ordered_json& ports, uint16_t port) {
  for (const auto& item : ports) {
    if (item.at("port") == port) return true;
  }
  return false;
}

// Polls until a finding with `id` satisfies `wanted`, or `limit` passes.
template <typename Wanted>
std::optional<Finding> poll_until_finding(DetectHarness& harness, const DetectorsConfig& config,
                                          const std::string& id, Wanted wanted, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    for (Finding& f : harness.poll(detect_close_wait_buildup, config)) {
      if (f.id == id && wanted(f)) return std::move(f);
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::duration<double>(harness.interval_s()));
  }
}

TEST_F(CloseWaitBuildupTest, SocketsThisProcessNeverClosesAreRaisedThenCriticalWhileMoreArrive) {
  DetectHarness harness(kInterval);
  // A sanitizer build polls much slower than the interval: min_age_s (and
  // with it the growth window) spans at least three polls, so that polls
  // land inside the window in which a newcomer counts as growth.
  const auto start = std::chrono::steady_clock::now();
  const auto empty = harness.poll(detect_close_wait_buildup, fast_config());
  EXPECT_TRUE(empty.empty()) << describe(empty);
  const double poll_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double min_age = std::max(kMinAge, 3 * (poll_s + kInterval));
  const DetectorsConfig config = fast_config(min_age);
  const auto limit = std::chrono::milliseconds(3000 + static_cast<int>(4000 * min_age));
  const std::string id = pid_id(::getpid());

  std::vector<TcpConn> conns;
  for (int i = 0; i < 3; ++i) conns.push_back(fin_wait2_close_wait(Ip::V4));
  const auto young = harness.poll(detect_close_wait_buildup, config);
  EXPECT_TRUE(young.empty()) << "younger than min_age_s:" << describe(young);

  auto raised = poll_until_finding(harness, config, id, [](const Finding&) { return true; }, limit);
  ASSERT_TRUE(raised) << describe(harness.poll(detect_close_wait_buildup, config));
  EXPECT_EQ(raised->severity, Severity::Warning);
  EXPECT_EQ(raised->evidence.at("pid"), ::getpid());
  EXPECT_EQ(raised->evidence.at("count"), 3);
  EXPECT_GE(raised->evidence.at("oldest_age_s").get<double>(), min_age - 0.05);
  EXPECT_EQ(raised->evidence.at("unknown_age_count"), 0);
  EXPECT_EQ(raised->evidence.at("eof_unread_count"), 3) << "nobody read the peer's FIN";
  EXPECT_EQ(raised->evidence.at("unread_bytes"), 0);
  for (const TcpConn& c : conns) EXPECT_TRUE(lists_port(raised->evidence.at("local_ports"), c.server_port));
  EXPECT_EQ(raised->sockets.size(), 3u);

  // Once the three are older than min_age_s + window, one more peer closes:
  // the count keeps growing.
  auto settled = poll_until_finding(
      harness, config, id, [](const Finding& f) { return f.evidence.at("held_window_ago") == 3; }, limit);
  ASSERT_TRUE(settled) << describe(harness.poll(detect_close_wait_buildup, config));
  EXPECT_EQ(settled->severity, Severity::Warning);

  conns.push_back(fin_wait2_close_wait(Ip::V4));
  auto growing = poll_until_finding(
      harness, config, id, [](const Finding& f) { return f.severity == Severity::Critical; }, limit);
  ASSERT_TRUE(growing) << describe(harness.poll(detect_close_wait_buildup, config));
  EXPECT_EQ(growing->evidence.at("growing"), true);
  EXPECT_EQ(growing->evidence.at("count"), 4);
  EXPECT_EQ(growing->evidence.at("held_window_ago"), 3);
  EXPECT_EQ(growing->evidence.at("new_in_window"), 1);
  EXPECT_NE(growing->summary.find("more keep coming"), std::string::npos) << growing->summary;

  // Once the newcomer is old too, growth stops.
  auto calm = poll_until_finding(
      harness, config, id, [](const Finding& f) { return f.severity == Severity::Warning; }, limit);
  ASSERT_TRUE(calm);
  EXPECT_EQ(calm->evidence.at("held_window_ago"), 4);

  conns.clear();  // the application finally closes them
  const auto closed = harness.poll(detect_close_wait_buildup, config);
  EXPECT_TRUE(closed.empty()) << describe(closed);
}

TEST_F(CloseWaitBuildupTest, SocketsLeftToAForkedChildAreThatChildsFinding) {
  DetectHarness harness(kInterval);
  const DetectorsConfig config = fast_config();

  std::vector<TcpConn> conns;
  for (int i = 0; i < 4; ++i) conns.push_back(fin_wait2_close_wait(Ip::V4));
  ForkedHolder child;
  for (TcpConn& c : conns) c.server.reset();  // this process lets go; the child still holds them

  auto raised =
      harness.poll_until(detect_close_wait_buildup, config, "close_wait_buildup", 3000ms, pid_id(child.pid()));
  ASSERT_TRUE(raised) << describe(harness.poll(detect_close_wait_buildup, config));
  EXPECT_EQ(raised->evidence.at("pid"), child.pid());
  EXPECT_EQ(raised->evidence.at("count"), 4);
  EXPECT_EQ(raised->subject.rfind("pid " + std::to_string(child.pid()) + " (", 0), 0u) << raised->subject;
  const auto all = harness.poll(detect_close_wait_buildup, config);
  EXPECT_EQ(all.size(), 1u) << "nothing is this process's any more:" << describe(all);
}

TEST_F(CloseWaitBuildupTest, DirectModeRaisesFromTheKernelsAgeBound) {
  std::vector<TcpConn> conns;
  for (int i = 0; i < 3; ++i) conns.push_back(fin_wait2_close_wait(Ip::V6));
  char byte = 0;
  ASSERT_EQ(::read(conns[1].server.get(), &byte, 1), 0) << "end of stream";
  std::this_thread::sleep_for(std::chrono::duration<double>(kMinAge + 0.1));

  auto collector = SocketCollector::open();
  ASSERT_TRUE(collector) << collector.error().describe();
  auto snapshot = poll_snapshot(*collector, PollOptions{});
  ASSERT_TRUE(snapshot) << snapshot.error().describe();
  const DetectorsConfig config = fast_config();
  DetectorInput input{*snapshot, nullptr, nullptr, config};
  std::vector<Finding> found;
  detect_close_wait_buildup(input, found);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].id, pid_id(::getpid()));
  EXPECT_EQ(found[0].evidence.at("count"), 3);
  EXPECT_GE(found[0].evidence.at("oldest_age_s").get<double>(), kMinAge);
  EXPECT_TRUE(found[0].evidence.at("growing").is_null());
  EXPECT_EQ(found[0].evidence.at("eof_unread_count"), 2) << "one end of stream was read";
}

}  // namespace

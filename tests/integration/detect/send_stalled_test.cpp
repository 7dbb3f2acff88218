// send_stalled against the real kernel: a writer facing a reader that
// stopped reading gets a zero window, a full send buffer and a running
// persist timer; once the reader reads again the finding goes away.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "detect/detector_fns.h"
#include "detect_harness.h"
#include "netns_fixture.h"
#include "queue_scenarios.h"

namespace {

using namespace sockscope;
using namespace sockscope::testing;
using namespace std::chrono_literals;

class SendStalledTest : public NetnsTest {};

constexpr double kInterval = 0.1;

DetectorsConfig fast_config() {
  DetectorsConfig config;
  config.send_stalled.min_polls = 3;
  return config;
}

std::string pid_id() { return "send_stalled:pid=" + std::to_string(::getpid()); }

// Polls until this process's finding satisfies `match`, or `limit` passes.
template <typename Match>
std::optional<Finding> poll_until_match(DetectHarness& harness, const DetectorsConfig& config, Match match,
                                        std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    for (Finding& f : harness.poll(detect_send_stalled, config)) {
      if (f.id == pid_id() && match(f)) return std::move(f);
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::duration<double>(harness.interval_s()));
  }
}

TEST_F(SendStalledTest, WriterFacingAReaderThatStoppedReadingIsRaised) {
  DetectHarness harness(kInterval);
  const DetectorsConfig config = fast_config();
  const auto quiet = harness.poll(detect_send_stalled, config);
  EXPECT_TRUE(quiet.empty()) << describe(quiet);

  StalledWriter s = stalled_writer(Ip::V4);
  const uint64_t writer_cookie = socket_cookie(s.writer);

  // The persist timer starts once the window is zero and nothing is in flight.
  auto zero = poll_until_match(
      harness, config, [](const Finding& f) { return f.evidence.at("zero_window_sockets") == 1; }, 3000ms);
  ASSERT_TRUE(zero) << describe(harness.poll(detect_send_stalled, config));
  EXPECT_EQ(zero->severity, Severity::Warning);
  EXPECT_EQ(zero->evidence.at("pid"), ::getpid());
  EXPECT_EQ(zero->evidence.at("sockets"), 1);
  EXPECT_EQ(zero->evidence.at("tcp_retries2"), 15);
  EXPECT_EQ(zero->sockets, std::vector<uint64_t>{writer_cookie});
  const auto& stalled = zero->evidence.at("stalled").at(0);
  EXPECT_EQ(stalled.at("local"), "127.0.0.1:" + std::to_string(s.writer_port));
  EXPECT_EQ(stalled.at("peer"), "127.0.0.1:" + std::to_string(s.reader_port));
  EXPECT_EQ(stalled.at("state"), "ESTABLISHED");
  EXPECT_EQ(stalled.at("zero_window"), true);
  EXPECT_EQ(stalled.at("timer"), "zero_window_probe");
  EXPECT_EQ(stalled.at("snd_wnd"), 0);  // tcpi_snd_wnd: the peer's advertised window
  EXPECT_GT(stalled.at("queue_bytes").get<int64_t>(), 0);
  EXPECT_GT(stalled.at("sndbuf").get<int64_t>(), 0);
  // A reader on loopback answers every probe at once.
  EXPECT_LE(stalled.at("probes").get<int64_t>(), 1);

  // The writer got EAGAIN: its buffer is full by the kernel's own test, and
  // after min_polls unchanged polls that counts as well.
  auto full = poll_until_match(
      harness, config, [](const Finding& f) { return f.evidence.at("full_buffer_sockets") == 1; }, 3000ms);
  ASSERT_TRUE(full) << describe(harness.poll(detect_send_stalled, config));
  const auto& stuck = full->evidence.at("stalled").at(0);
  EXPECT_GE(stuck.at("wmem_queued").get<int64_t>(), stuck.at("sndbuf").get<int64_t>() * 9 / 10);
  EXPECT_GE(stuck.at("unchanged_s").get<double>(), 3 * kInterval * 0.95);
  EXPECT_EQ(full->evidence.at("queue_bytes"), stuck.at("queue_bytes"));

  // The reader reads again: the window opens and the queue empties.
  drain(s.reader, s.writer);
  const auto cleared = harness.poll(detect_send_stalled, config);
  EXPECT_TRUE(cleared.empty()) << describe(cleared);
}

TEST_F(SendStalledTest, DirectModeSeesTheZeroWindowButNotTheStillBuffer) {
  DetectHarness harness(kInterval);
  const DetectorsConfig config = fast_config();
  StalledWriter s = stalled_writer(Ip::V6);
  ASSERT_TRUE(harness.poll_until(detect_send_stalled, config, "send_stalled", 3000ms, pid_id()));

  // The same snapshot without tracker or history.
  DetectorInput direct{harness.snapshot(), nullptr, nullptr, config, {}, kInterval};
  std::vector<Finding> found;
  detect_send_stalled(direct, found);
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].evidence.at("zero_window_sockets"), 1);
  EXPECT_EQ(found[0].evidence.at("full_buffer_sockets"), 0);
  EXPECT_TRUE(found[0].evidence.at("stalled").at(0).at("unchanged_s").is_null());
  EXPECT_EQ(found[0].evidence.at("stalled").at(0).at("peer"), "[::1]:" + std::to_string(s.reader_port));
}

}  // namespace

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "../synthetic.h"
#include "detect/detector_fns.h"

namespace {

using namespace sockscope;

constexpr uint64_t kNginxInode = 7001;

SocketRecord listener(uint32_t queue, uint32_t backlog, uint64_t cookie = 1, uint16_t port = 80,
                      const std::string& address = "10.0.0.1") {
  SocketRecord s = test::record(Proto::Tcp, TcpState::Listen, address, port, "0.0.0.0", 0, kNginxInode);
  s.recv_q = queue;
  s.send_q = backlog;
  s.cookie = cookie;
  return s;
}

Snapshot snapshot_with(std::vector<SocketRecord> sockets, std::optional<int64_t> somaxconn = 4096) {
  Snapshot snap;
  snap.sockets = std::move(sockets);
  snap.system.sysctls.somaxconn = somaxconn;
  snap.processes = test::owners_index({{kNginxInode, {ProcessRef{1234, "nginx", 6}}}});
  return snap;
}

// One history entry a second; deltas[i] = {ListenOverflows, ListenDrops} of entry i.
History history_of(const std::vector<std::pair<int64_t, int64_t>>& deltas) {
  History history(64);
  const auto start = std::chrono::system_clock::time_point{} + std::chrono::hours(1);
  for (size_t i = 0; i < deltas.size(); ++i) {
    PollAggregate entry;
    entry.taken_at = start + std::chrono::seconds(i);
    entry.counter_deltas[0] = deltas[i].first;
    entry.counter_deltas[1] = deltas[i].second;
    history.push(entry);
  }
  return history;
}

std::vector<Finding> run(const Snapshot& snap, const DetectorsConfig& config, const History* history = nullptr) {
  Tracker tracker;
  DetectorInput input{snap, history ? &tracker : nullptr, history, config, {}, 1.0};
  std::vector<Finding> out;
  detect_listen_overflow(input, out);
  return out;
}

TEST(ListenOverflowDetector, JustBelowThresholdIsQuiet) {
  DetectorsConfig config;
  EXPECT_TRUE(run(snapshot_with({listener(89, 100)}), config).empty());
}

TEST(ListenOverflowDetector, AtThresholdIsWarning) {
  DetectorsConfig config;
  auto found = run(snapshot_with({listener(90, 100, 55)}), config);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.kind, "listen_overflow");
  EXPECT_EQ(f.id, "listen_overflow:10.0.0.1:80");
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_EQ(f.subject, "10.0.0.1:80");
  EXPECT_EQ(f.evidence["local"], "10.0.0.1:80");
  EXPECT_EQ(f.evidence["port"], 80);
  EXPECT_EQ(f.evidence["pid"], 1234);
  EXPECT_EQ(f.evidence["comm"], "nginx");
  EXPECT_EQ(f.evidence["queue"], 90);
  EXPECT_EQ(f.evidence["backlog"], 100);
  EXPECT_DOUBLE_EQ(f.evidence["used_pct"].get<double>(), 90.0);
  EXPECT_EQ(f.evidence["full"], false);
  EXPECT_EQ(f.evidence["somaxconn"], 4096);
  EXPECT_EQ(f.sockets, std::vector<uint64_t>{55});
  EXPECT_NE(f.summary.find("pid 1234 (nginx)"), std::string::npos) << f.summary;
  EXPECT_FALSE(f.since.has_value());
}

TEST(ListenOverflowDetector, QueueAtBacklogIsNotYetFull) {
  // The kernel drops only when the queue holds more than the backlog.
  DetectorsConfig config;
  auto found = run(snapshot_with({listener(100, 100)}), config);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_EQ(found[0].evidence["full"], false);
}

TEST(ListenOverflowDetector, QueueOverBacklogIsFullAndCritical) {
  DetectorsConfig config;
  auto found = run(snapshot_with({listener(101, 100)}), config);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Critical);
  EXPECT_EQ(found[0].evidence["full"], true);
  EXPECT_NE(found[0].summary.find("full"), std::string::npos) << found[0].summary;
}

TEST(ListenOverflowDetector, ZeroBacklogStillHoldsOne) {
  DetectorsConfig config;
  EXPECT_TRUE(run(snapshot_with({listener(0, 0)}), config).empty());
  auto found = run(snapshot_with({listener(1, 0)}), config);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Critical);
  EXPECT_TRUE(found[0].evidence["used_pct"].is_null());
}

TEST(ListenOverflowDetector, ConfiguredPercentMovesTheThreshold) {
  DetectorsConfig config;
  config.listen_overflow.queue_pct = 50;
  EXPECT_TRUE(run(snapshot_with({listener(49, 100)}), config).empty());
  EXPECT_EQ(run(snapshot_with({listener(50, 100)}), config).size(), 1u);
}

TEST(ListenOverflowDetector, DisabledFindsNothing) {
  DetectorsConfig config;
  config.listen_overflow.enabled = false;
  History history = history_of({{0, 0}, {5, 5}});
  EXPECT_TRUE(run(snapshot_with({listener(500, 100)}), config, &history).empty());
}

TEST(ListenOverflowDetector, OnlyTcpListenersCount) {
  DetectorsConfig config;
  SocketRecord established = listener(5000, 10, 2);
  established.state = TcpState::Established;
  SocketRecord udp = listener(5000, 10, 3);
  udp.proto = Proto::Udp;
  udp.state = TcpState::Close;
  EXPECT_TRUE(run(snapshot_with({established, udp}), config).empty());
}

TEST(ListenOverflowDetector, DirectModeLeavesRatesUnknown) {
  DetectorsConfig config;
  auto found = run(snapshot_with({listener(95, 100)}), config);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].evidence["listen_overflows"].is_null());
  EXPECT_TRUE(found[0].evidence["listen_drops_per_s"].is_null());
  EXPECT_TRUE(found[0].evidence["rate_window_s"].is_null());
}

TEST(ListenOverflowDetector, DropsRisingMakeAnOverListenerCritical) {
  DetectorsConfig config;
  History history = history_of({{-1, -1}, {0, 0}, {3, 4}, {2, 2}});
  auto found = run(snapshot_with({listener(95, 100)}), config, &history);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.severity, Severity::Critical);
  EXPECT_EQ(f.evidence["listen_overflows"], 5);
  EXPECT_EQ(f.evidence["listen_drops"], 6);
  EXPECT_DOUBLE_EQ(f.evidence["rate_window_s"].get<double>(), 3.0);
  EXPECT_NEAR(f.evidence["listen_overflows_per_s"].get<double>(), 5.0 / 3.0, 1e-9);
  EXPECT_NE(f.summary.find("dropped"), std::string::npos) << f.summary;
}

TEST(ListenOverflowDetector, FlatCountersKeepAWarningAWarning) {
  DetectorsConfig config;
  History history = history_of({{0, 0}, {0, 0}, {0, 0}});
  auto found = run(snapshot_with({listener(95, 100)}), config, &history);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_EQ(found[0].evidence["listen_overflows"], 0);
}

TEST(ListenOverflowDetector, CountersRisingWithNoListenerOverRaiseOneHostFinding) {
  DetectorsConfig config;
  History history = history_of({{0, 0}, {0, 0}, {7, 7}});
  auto found = run(snapshot_with({listener(10, 100, 1, 80), listener(3, 128, 2, 81)}), config, &history);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.id, "listen_overflow:host");
  EXPECT_EQ(f.subject, "host");
  EXPECT_EQ(f.severity, Severity::Critical);
  EXPECT_EQ(f.evidence["listen_overflows"], 7);
  EXPECT_EQ(f.evidence["fullest_listener"]["local"], "10.0.0.1:80");
  EXPECT_EQ(f.evidence["fullest_listener"]["queue"], 10);
  EXPECT_EQ(f.evidence["fullest_listener"]["pid"], 1234);
  EXPECT_TRUE(f.sockets.empty());
}

TEST(ListenOverflowDetector, DropsWithoutOverflowsAreAHostWarning) {
  DetectorsConfig config;
  History history = history_of({{0, 0}, {0, 4}});
  auto found = run(snapshot_with({}), config, &history);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "listen_overflow:host");
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_EQ(found[0].evidence["listen_drops"], 4);
  EXPECT_TRUE(found[0].evidence["fullest_listener"].is_null());
}

TEST(ListenOverflowDetector, NoHostFindingWhileAListenerIsOver) {
  DetectorsConfig config;
  History history = history_of({{0, 0}, {9, 9}});
  auto found = run(snapshot_with({listener(95, 100)}), config, &history);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "listen_overflow:10.0.0.1:80");
}

TEST(ListenOverflowDetector, OldDropsOutsideTheWindowAreIgnored) {
  DetectorsConfig config;
  std::vector<std::pair<int64_t, int64_t>> deltas = {{0, 0}, {20, 20}};
  deltas.resize(deltas.size() + 12, {0, 0});  // twelve quiet seconds since
  History history = history_of(deltas);
  EXPECT_TRUE(run(snapshot_with({listener(1, 100)}), config, &history).empty());
}

TEST(ListenOverflowDetector, UnknownCounterDeltaGivesNoRates) {
  DetectorsConfig config;
  History history = history_of({{0, 0}, {-1, -1}});
  EXPECT_TRUE(run(snapshot_with({}), config, &history).empty());
  auto found = run(snapshot_with({listener(95, 100)}), config, &history);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].evidence["listen_overflows"].is_null());
}

TEST(ListenOverflowDetector, ReusePortListenersOnOneAddressMakeOneFinding) {
  DetectorsConfig config;
  auto found = run(snapshot_with({listener(95, 100, 11), listener(101, 100, 12), listener(2, 100, 13)}), config);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.evidence["listeners_over"], 2);
  EXPECT_EQ(f.evidence["queue"], 101);  // told by the fullest
  EXPECT_EQ(f.severity, Severity::Critical);
  EXPECT_EQ(f.sockets, (std::vector<uint64_t>{11, 12}));
}

TEST(ListenOverflowDetector, OneFindingPerListenAddress) {
  DetectorsConfig config;
  auto found =
      run(snapshot_with({listener(95, 100, 1, 80), listener(95, 100, 2, 443), listener(95, 100, 3, 80, "::")}), config);
  ASSERT_EQ(found.size(), 3u);
  std::vector<std::string> ids;
  for (const Finding& f : found) ids.push_back(f.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"listen_overflow:10.0.0.1:443", "listen_overflow:10.0.0.1:80",
                                           "listen_overflow:[::]:80"}));
}

TEST(ListenOverflowDetector, IdStaysWhileTheQueueMoves) {
  DetectorsConfig config;
  auto first = run(snapshot_with({listener(92, 100)}), config);
  auto second = run(snapshot_with({listener(101, 100)}), config);
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(first[0].id, second[0].id);
}

TEST(ListenOverflowDetector, BacklogCappedBySomaxconnSaysSo) {
  DetectorsConfig config;
  auto capped = run(snapshot_with({listener(128, 128)}, 128), config);
  ASSERT_EQ(capped.size(), 1u);
  EXPECT_NE(capped[0].advice.find("net.core.somaxconn (128)"), std::string::npos) << capped[0].advice;
  EXPECT_EQ(capped[0].evidence["somaxconn"], 128);

  auto unknown = run(snapshot_with({listener(128, 128)}, std::nullopt), config);
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_TRUE(unknown[0].evidence["somaxconn"].is_null());
  EXPECT_EQ(unknown[0].advice.find("(128)"), std::string::npos);
}

TEST(ListenOverflowDetector, UnknownOwnerIsStillReported) {
  DetectorsConfig config;
  Snapshot snap = snapshot_with({listener(95, 100)});
  snap.processes = ProcessIndex();
  auto found = run(snap, config);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].evidence["pid"].is_null());
  EXPECT_NE(found[0].summary.find("unknown process"), std::string::npos);
}

TEST(ListenOverflowDetector, AppendsWithoutClearing) {
  DetectorsConfig config;
  Snapshot snap = snapshot_with({listener(95, 100)});
  DetectorInput input{snap, nullptr, nullptr, config, {}, 1.0};
  std::vector<Finding> out(1);
  detect_listen_overflow(input, out);
  EXPECT_EQ(out.size(), 2u);
}

}  // namespace

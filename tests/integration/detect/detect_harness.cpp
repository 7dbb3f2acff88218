#include "detect_harness.h"

#include <stdexcept>
#include <thread>

#include "track/history.h"

namespace sockscope::testing {

namespace {
SocketCollector open_collector() {
  auto collector = SocketCollector::open();
  if (!collector) throw std::runtime_error("sock_diag: " + collector.error().describe());
  return std::move(*collector);
}
}  // namespace

DetectHarness::DetectHarness(double interval_s) : collector_(open_collector()), interval_s_(interval_s) {}

std::vector<Finding> DetectHarness::poll(DetectorFn detector, const DetectorsConfig& config) {
  const auto now = MonoClock::now();
  auto polled = poll_snapshot(collector_, PollOptions{});
  if (!polled) throw std::runtime_error("poll: " + polled.error().describe());
  auto next = std::make_unique<Snapshot>(std::move(*polled));
  if (adjust_) adjust_(next->system);
  tracker_.update(*next, now);
  history_.push(aggregate_poll(*next, snapshot_ ? &snapshot_->system.counters : nullptr));
  snapshot_ = std::move(next);

  DetectorInput input{*snapshot_, &tracker_, &history_, config, now, interval_s_};
  std::vector<Finding> found;
  detector(input, found);
  return found;
}

std::optional<Finding> DetectHarness::poll_until(DetectorFn detector, const DetectorsConfig& config,
                                                 const std::string& kind, std::chrono::milliseconds limit,
                                                 const std::string& id_part) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    for (Finding& f : poll(detector, config)) {
      if (f.kind == kind && f.id.find(id_part) != std::string::npos) return std::move(f);
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::duration<double>(interval_s_));
  }
}

std::string describe(const std::vector<Finding>& findings) {
  if (findings.empty()) return "no findings";
  std::string text;
  for (const Finding& f : findings) {
    text += "\n  [" + std::string(severity_name(f.severity)) + "] " + f.id + ": " + f.summary + " " + f.evidence.dump();
  }
  return text;
}

}  // namespace sockscope::testing

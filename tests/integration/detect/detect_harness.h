// Runs detectors against the real kernel: each poll() takes a full snapshot
// of the test's namespace, folds it into a Tracker and a History exactly as
// the daemon does, and runs one detector on the result.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "collect/poll.h"
#include "detect/detector.h"
#include "netlink/collector.h"

namespace sockscope::testing {

class DetectHarness {
 public:
  // Throws std::runtime_error when sock_diag cannot be opened.
  explicit DetectHarness(double interval_s = 0.2);

  // Lets a test stand in for a limit a network namespace cannot show
  // (tcp_mem and tcp_max_orphans are the host's), applied to every poll.
  void adjust_system(std::function<void(SystemView&)> adjust) { adjust_ = std::move(adjust); }

  // One poll, then the detector's candidate findings for it.
  std::vector<Finding> poll(DetectorFn detector, const DetectorsConfig& config);

  // Polls every interval until a finding of `kind` (and, when given, whose id
  // contains `id_part`) appears, or `limit` passes. Returns it, or empty.
  std::optional<Finding> poll_until(DetectorFn detector, const DetectorsConfig& config, const std::string& kind,
                                    std::chrono::milliseconds limit, const std::string& id_part = "");

  const Snapshot& snapshot() const { return *snapshot_; }
  const Tracker& tracker() const { return tracker_; }
  const History& history() const { return history_; }
  double interval_s() const { return interval_s_; }

 private:
  SocketCollector collector_;
  double interval_s_;
  Tracker tracker_;
  History history_{600};
  std::unique_ptr<Snapshot> snapshot_;
  std::function<void(SystemView&)> adjust_;
};

// A one-line description of findings, for assertion messages.
std::string describe(const std::vector<Finding>& findings);

}  // namespace sockscope::testing

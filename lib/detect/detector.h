// Detectors: each one a pure function from what one poll saw (plus, in the
// daemon, what the tracker and history remember) to candidate findings.
// Each lives in its own file under detect/ and is listed in detectors().
#pragma once

#include <chrono>
#include <span>
#include <string_view>
#include <vector>

#include "detect/detector_config.h"
#include "detect/finding.h"
#include "model/snapshot.h"
#include "track/history.h"
#include "track/tracker.h"

namespace sockscope {

struct DetectorInput {
  const Snapshot& snapshot;
  // Null in direct mode: no ages, no "unchanged for N polls".
  const Tracker* tracker = nullptr;
  // Null in direct mode: no counter rates. The newest entry is this poll's.
  const History* history = nullptr;
  const DetectorsConfig& config;
  MonoClock::time_point now{};  // this poll, on the tracker's clock
  double interval_s = 1.0;      // poll interval: turns "N polls" into time
};

using DetectorFn = void (*)(const DetectorInput& input, std::vector<Finding>& out);

struct DetectorInfo {
  std::string_view kind;
  DetectorFn run;
  // What this detector needs the daemon for; empty when it works fully in
  // direct mode. "ages", "rates", "ages and rates", ... for the report.
  std::string_view needs_daemon_for;
  // False when, without the daemon, it has nothing at all to go on.
  bool runs_direct = true;
};

// Every detector, in the order docs/detectors.md lists them.
std::span<const DetectorInfo> detectors();
const DetectorInfo* find_detector(std::string_view kind);

// Runs every enabled detector that can run with this input (all of them
// with a tracker and history; those with runs_direct otherwise) and returns
// their findings, worst first.
std::vector<Finding> run_detectors(const DetectorInput& input);

}  // namespace sockscope

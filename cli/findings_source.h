// Where `findings` and the triage report get findings: the daemon's current
// ones (hysteresis applied), else the detectors run over one direct poll,
// which cannot judge ages or rates.
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "collect/poll.h"
#include "detect/detector_config.h"
#include "detect/finding.h"
#include "global_options.h"
#include "model/snapshot.h"
#include "util/result.h"

namespace sockscope::cli {

struct FindingsData {
  std::vector<Finding> findings;  // worst first
  bool from_daemon = false;
  // Direct mode: detectors that did not run, and those that ran without
  // what only the daemon has ("close_wait_buildup (ages)").
  std::vector<std::string> not_run;
  std::vector<std::string> partial;
};

// An Error when the daemon does not answer usably.
Result<FindingsData> findings_from_daemon(const GlobalOptions& global);

// What the detectors need from a poll: everything, owners included.
PollOptions findings_poll_options();
FindingsData findings_of_snapshot(const Snapshot& snapshot, const DetectorsConfig& config);

// Direct mode's caveat, one line each for what did not run and what ran in part.
void append_direct_caveat(fmt::memory_buffer& out, const FindingsData& data);

}  // namespace sockscope::cli

// FindingBook: the daemon's current findings, with hysteresis. A candidate
// becomes a finding after raise_after consecutive polls and is cleared after
// clear_after consecutive polls without it, so a condition that flickers
// does not raise and clear on every poll.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "detect/detector_config.h"
#include "detect/finding.h"

namespace sockscope {

struct FindingEvent {
  enum class Type { Raised, Cleared };
  Type type;
  Finding finding;  // for Cleared: as it was last seen
};
std::string_view finding_event_name(FindingEvent::Type type);  // "raised", "cleared"

class FindingBook {
 public:
  // Folds in one poll's candidates (any order; ids unique) at wall time `now`
  // and returns what was raised and cleared by it. A finding already raised
  // takes the new poll's severity, summary and evidence and keeps its since.
  std::vector<FindingEvent> update(std::vector<Finding> candidates, std::chrono::system_clock::time_point now,
                                   const FindingsConfig& config);

  // Raised findings, worst first.
  const std::vector<Finding>& active() const { return active_; }

  // Forgets everything (a reload that changes the detectors' config).
  void clear();

 private:
  struct Entry {
    Finding finding;
    int64_t seen_polls = 0;    // consecutive polls with the condition
    int64_t missed_polls = 0;  // consecutive polls without it
    bool raised = false;
  };
  std::map<std::string, Entry> entries_;  // by id
  std::vector<Finding> active_;
};

}  // namespace sockscope

// Poller: memory of the kernel across polls, for the daemon and for a direct
// `watch`. One SocketCollector kept open across polls; each poll feeds the
// Tracker and the History and replaces the latest Snapshot, which requests
// read until the next poll replaces it.
// Memory stays at about one snapshot: a poll refills the latest snapshot's
// buffers unless a client is still reading it, and process owners are
// rescanned only when due (collect/owner_scan.h), then shared by polls.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

#include "collect/owner_scan.h"
#include "collect/poll.h"
#include "config/config.h"
#include "detect/finding_book.h"
#include "model/snapshot.h"
#include "netlink/collector.h"
#include "render/status_summary.h"
#include "track/history.h"
#include "track/tracker.h"
#include "util/result.h"

namespace sockscope {

// How the polls have gone, for the "daemon" object of status.
struct PollFigures {
  uint64_t polls = 0;  // successful
  uint64_t polls_failed = 0;
  uint64_t dump_retries = 0;  // summed over all polls
  uint64_t owner_scans = 0;   // /proc scans for socket owners
  std::chrono::nanoseconds last_duration{0};
  std::chrono::nanoseconds recent_average{0};  // over the last kRecentPolls polls
};

class Poller {
 public:
  static constexpr size_t kRecentPolls = 16;

  static Result<Poller> open(const DaemonConfig& config);

  // Applies the collect options and resizes the history for a new config.
  void configure(const DaemonConfig& config);

  // One poll. On failure the tracker, history and status figures keep the
  // last good poll; the socket list may be gone (its buffers were being
  // refilled) until the next poll succeeds.
  Result<void> poll_once();

  // Null until the first poll succeeds, and after a failed poll.
  const std::shared_ptr<const Snapshot>& latest() const { return latest_; }
  // The status figures of the latest snapshot, summed once per poll so a
  // status request costs the same whatever the population.
  const StatusSummary& latest_summary() const { return latest_summary_; }
  const Tracker& tracker() const { return tracker_; }
  // Findings after the latest poll (hysteresis applied), and what that poll
  // raised and cleared.
  const FindingBook& findings() const { return findings_; }
  const DetectorsConfig& detectors_config() const { return detectors_; }
  const std::vector<FindingEvent>& finding_events() const { return finding_events_; }
  const History& history() const { return history_; }
  const PollFigures& figures() const { return figures_; }

  // When the last good poll started (the epoch before the first).
  MonoClock::time_point last_good_poll() const { return mono_at_poll_; }

  // Wall-clock time of a steady time point, through the pair of clock
  // readings taken at the last poll.
  std::chrono::system_clock::time_point to_wall(MonoClock::time_point t) const {
    return wall_at_poll_ + std::chrono::duration_cast<std::chrono::system_clock::duration>(t - mono_at_poll_);
  }

 private:
  Poller(SocketCollector collector, const DaemonConfig& config);
  static size_t history_capacity(const DaemonConfig& config);
  // The latest snapshot's storage when nobody else holds it, else a new one.
  std::shared_ptr<Snapshot> storage_for_next_poll();
  void attach_owners(Snapshot& snapshot, MonoClock::time_point now);

  SocketCollector collector_;
  PollOptions options_;  // processes off: owners come from attach_owners
  double interval_s_ = 1;
  DetectorsConfig detectors_;
  FindingsConfig findings_config_;
  FindingBook findings_;
  std::vector<FindingEvent> finding_events_;
  bool scan_owners_ = true;
  OwnerScanPolicy owner_policy_;
  ProcessIndex owners_;
  std::optional<MonoClock::time_point> owners_scanned_at_;
  Counters last_counters_;  // baseline for the next poll's counter deltas
  bool have_counters_ = false;
  Tracker tracker_;
  History history_;
  std::shared_ptr<const Snapshot> latest_;  // always made as a non-const Snapshot
  StatusSummary latest_summary_;
  PollFigures figures_;
  std::array<std::chrono::nanoseconds, kRecentPolls> recent_{};
  size_t recent_count_ = 0;
  MonoClock::time_point mono_at_poll_{};
  std::chrono::system_clock::time_point wall_at_poll_{};
};

}  // namespace sockscope

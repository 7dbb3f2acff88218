// Poller: the daemon's memory of the kernel. One SocketCollector kept open
// across polls; each poll feeds the Tracker and the History and replaces the
// latest Snapshot, which requests read until the next poll replaces it.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>

#include "collect/poll.h"
#include "config/config.h"
#include "model/snapshot.h"
#include "netlink/collector.h"
#include "render/status_summary.h"
#include "track/history.h"
#include "track/tracker.h"
#include "util/result.h"

namespace sockscope::daemon {

// How the polls have gone, for the "daemon" object of status.
struct PollFigures {
  uint64_t polls = 0;  // successful
  uint64_t polls_failed = 0;
  uint64_t dump_retries = 0;  // summed over all polls
  std::chrono::nanoseconds last_duration{0};
  std::chrono::nanoseconds recent_average{0};  // over the last kRecentPolls polls
};

class Poller {
 public:
  static constexpr size_t kRecentPolls = 16;

  static Result<Poller> open(const DaemonConfig& config);

  // Applies the collect options and resizes the history for a new config.
  void configure(const DaemonConfig& config);

  // One poll. On failure nothing changes but the failure count: requests keep
  // getting the last good snapshot.
  Result<void> poll_once();

  // Null until the first poll succeeds.
  const std::shared_ptr<const Snapshot>& latest() const { return latest_; }
  // The status figures of the latest snapshot, summed once per poll so a
  // status request costs the same whatever the population.
  const StatusSummary& latest_summary() const { return latest_summary_; }
  const Tracker& tracker() const { return tracker_; }
  const History& history() const { return history_; }
  const PollFigures& figures() const { return figures_; }

  // Wall-clock time of a steady time point, through the pair of clock
  // readings taken at the last poll.
  std::chrono::system_clock::time_point to_wall(MonoClock::time_point t) const {
    return wall_at_poll_ + std::chrono::duration_cast<std::chrono::system_clock::duration>(t - mono_at_poll_);
  }

 private:
  Poller(SocketCollector collector, const DaemonConfig& config);
  static size_t history_capacity(const DaemonConfig& config);

  SocketCollector collector_;
  PollOptions options_;
  Tracker tracker_;
  History history_;
  std::shared_ptr<const Snapshot> latest_;
  StatusSummary latest_summary_;
  PollFigures figures_;
  std::array<std::chrono::nanoseconds, kRecentPolls> recent_{};
  size_t recent_count_ = 0;
  MonoClock::time_point mono_at_poll_{};
  std::chrono::system_clock::time_point wall_at_poll_{};
};

}  // namespace sockscope::daemon

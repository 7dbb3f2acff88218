#include "monitor/poller.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "detect/detector.h"
#include "proc/process_scanner.h"

namespace sockscope {

namespace {

PollOptions poll_options(const DaemonConfig& config) {
  PollOptions options;
  options.processes = false;
  options.system = true;
  options.sockets.tcp_info = config.tcp_info;
  options.sockets.mem = config.mem;
  return options;
}

}  // namespace

size_t Poller::history_capacity(const DaemonConfig& config) {
  double entries = std::ceil(config.history_seconds / config.interval_s);
  if (!(entries >= 1)) return 1;
  return static_cast<size_t>(entries);
}

Result<Poller> Poller::open(const DaemonConfig& config) {
  auto collector = SocketCollector::open();
  if (!collector) return collector.error();
  return Poller(std::move(*collector), config);
}

Poller::Poller(SocketCollector collector, const DaemonConfig& config)
    : collector_(std::move(collector)), history_(history_capacity(config)) {
  configure(config);
}

void Poller::configure(const DaemonConfig& config) {
  options_ = poll_options(config);
  scan_owners_ = config.processes;
  interval_s_ = config.interval_s;
  detectors_ = config.detectors;
  findings_config_ = config.findings;
  owner_policy_.rescan_s = config.owner_rescan_s;
  owner_policy_.refresh_s = std::max(60.0, config.owner_rescan_s);
  if (!scan_owners_) {
    owners_ = ProcessIndex{};
    owners_scanned_at_.reset();
  }
  size_t capacity = history_capacity(config);
  if (capacity != history_.capacity()) history_.resize(capacity);
}

std::shared_ptr<Snapshot> Poller::storage_for_next_poll() {
  if (latest_ && latest_.use_count() == 1) {
    // Made non-const (make_shared<Snapshot>), so writing through it is sound.
    auto storage = std::const_pointer_cast<Snapshot>(std::move(latest_));
    latest_.reset();
    return storage;
  }
  return std::make_shared<Snapshot>();
}

void Poller::attach_owners(Snapshot& snapshot, MonoClock::time_point now) {
  if (!scan_owners_) {
    snapshot.processes = ProcessIndex{};
    return;
  }
  double since_scan = owners_scanned_at_ ? std::chrono::duration<double>(now - *owners_scanned_at_).count() : 0;
  if (owner_scan_due(owner_policy_, owners_scanned_at_.has_value(), since_scan, snapshot.sockets, owners_)) {
    owners_ = ProcessIndex{};  // let the old scan go before the new one is built
    owners_ = scan_processes(options_.proc_root);
    owners_scanned_at_ = now;
    ++figures_.owner_scans;
  }
  snapshot.processes = owners_;
}

Result<void> Poller::poll_once() {
  const auto started = MonoClock::now();
  const auto started_wall = std::chrono::system_clock::now();
  std::shared_ptr<Snapshot> next = storage_for_next_poll();
  if (auto polled = poll_snapshot_into(collector_, options_, *next); !polled) {
    ++figures_.polls_failed;
    return polled.error();
  }
  attach_owners(*next, started);
  next->poll_duration = MonoClock::now() - started;

  // The tracker's clock is the poll's start, like the snapshot's taken_at.
  tracker_.update(*next, started);
  history_.push(aggregate_poll(*next, have_counters_ ? &last_counters_ : nullptr));
  last_counters_ = next->system.counters;
  have_counters_ = true;
  finding_events_ = findings_.update(run_detectors(DetectorInput{*next, &tracker_, &history_, detectors_, started,
                                                                 interval_s_}),
                                     started_wall, findings_config_);
  latest_ = std::move(next);
  latest_summary_ = summarize_status(*latest_);
  mono_at_poll_ = started;
  wall_at_poll_ = started_wall;

  const auto took = std::chrono::duration_cast<std::chrono::nanoseconds>(MonoClock::now() - started);
  ++figures_.polls;
  figures_.dump_retries += latest_->dump.retries;
  figures_.last_duration = took;
  recent_[(figures_.polls - 1) % kRecentPolls] = took;
  recent_count_ = std::min(recent_count_ + 1, kRecentPolls);
  auto sum = std::accumulate(recent_.begin(), recent_.begin() + static_cast<long>(recent_count_),
                             std::chrono::nanoseconds::zero());
  figures_.recent_average = sum / static_cast<long>(recent_count_);
  return {};
}

}  // namespace sockscope

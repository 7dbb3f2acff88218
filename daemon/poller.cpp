#include "poller.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sockscope::daemon {

namespace {

PollOptions poll_options(const DaemonConfig& config) {
  PollOptions options;
  options.processes = config.processes;
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
    : collector_(std::move(collector)), options_(poll_options(config)), history_(history_capacity(config)) {}

void Poller::configure(const DaemonConfig& config) {
  options_ = poll_options(config);
  size_t capacity = history_capacity(config);
  if (capacity != history_.capacity()) history_.resize(capacity);
}

Result<void> Poller::poll_once() {
  const auto started = MonoClock::now();
  const auto started_wall = std::chrono::system_clock::now();
  auto polled = poll_snapshot(collector_, options_);
  if (!polled) {
    ++figures_.polls_failed;
    return polled.error();
  }
  auto snapshot = std::make_shared<const Snapshot>(std::move(*polled));

  // The tracker's clock is the poll's start, like the snapshot's taken_at.
  tracker_.update(*snapshot, started);
  const Counters* previous = latest_ ? &latest_->system.counters : nullptr;
  history_.push(aggregate_poll(*snapshot, previous));
  latest_ = std::move(snapshot);
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

}  // namespace sockscope::daemon

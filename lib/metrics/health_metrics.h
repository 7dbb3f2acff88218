// The daemon's own health as metrics: polls, their duration and errors,
// dump retries, owner scans, clients, hook runs, uptime. Figures as of the
// latest poll (successful or not).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "metrics/exposition.h"
#include "monitor/poller.h"

namespace sockscope::metrics {

struct HookHealth {
  uint64_t started = 0;
  uint64_t failed = 0;
  uint64_t timed_out = 0;
  uint64_t dropped = 0;
  uint64_t rate_limited = 0;
  size_t running = 0;
  size_t queued = 0;
};

struct DaemonHealth {
  std::string_view version;
  std::chrono::nanoseconds uptime{0};
  double interval_s = 0;
  PollFigures polls;
  size_t clients = 0;
  HookHealth hooks;
};

void render_health_metrics(Exposition& out, const DaemonHealth& health);

}  // namespace sockscope::metrics

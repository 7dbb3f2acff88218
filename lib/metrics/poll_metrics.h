// The metrics of one poll: sockets by protocol, family and state, queue
// totals, the top listeners, CLOSE_WAIT and TIME_WAIT by process, active
// findings by kind and severity, TCP memory against tcp_mem, sockstat and
// the kernel's TCP counters. docs/metrics.md lists every family.
#pragma once

#include <span>
#include <string>

#include "detect/finding.h"
#include "metrics/exposition.h"
#include "model/snapshot.h"
#include "render/status_summary.h"

namespace sockscope::metrics {

struct PollMetricsInput {
  const Snapshot& snapshot;
  const StatusSummary& summary;      // of `snapshot`
  std::span<const Finding> findings;  // active findings
  int top_n = 20;                     // listeners and processes named in labelled series
};

// Appends every family of the poll to `out`.
void render_poll_metrics(Exposition& out, const PollMetricsInput& input);

// The label value of a state: "established", "syn_recv", "time_wait", ...
// For UDP the two states the kernel gives it: "unconnected" and "connected".
std::string state_label(Proto proto, TcpState state);

}  // namespace sockscope::metrics

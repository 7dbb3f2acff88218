// One complete poll: sockets, system view and (optionally) process owners,
// assembled into a Snapshot. Direct mode and the daemon both call this.
#pragma once

#include <filesystem>

#include "model/snapshot.h"
#include "netlink/collector.h"
#include "util/result.h"

namespace sockscope {

struct PollOptions {
  CollectOptions sockets;
  bool processes = true;  // scan /proc/*/fd for owners
  bool system = true;     // sysctls, sockstat, counters
  std::filesystem::path proc_root = "/proc";
};

// Fails only when the socket dump itself fails; unreadable /proc parts are left empty.
Result<Snapshot> poll_snapshot(SocketCollector& collector, const PollOptions& options);

// The same into an existing snapshot, whose socket vector keeps its capacity:
// a daemon polling 100,000 sockets every second reuses one buffer instead of
// building a second one beside it. On Error `snapshot` is incomplete.
Result<void> poll_snapshot_into(SocketCollector& collector, const PollOptions& options, Snapshot& snapshot);

}  // namespace sockscope

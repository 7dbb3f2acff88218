// What one refresh of `sockscope watch` shows, whoever produced it: the
// daemon (a poll event, then requests) or a direct Poller in the CLI.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "detect/finding.h"
#include "model/snapshot.h"
#include "render/json_decode.h"
#include "render/status_summary.h"

namespace sockscope {

// The fixed part of the header, read once at start.
struct WatchHost {
  std::string host;    // uname nodename
  std::string kernel;  // uname release
};

struct WatchFrame {
  bool from_daemon = false;
  double interval_s = 1;  // the daemon's poll interval, or the direct --interval
  StatusSummary status;   // status.taken_at and status.poll_duration drive the header
  std::vector<Finding> findings;  // worst first
  // The socket table's rows, in the order asked for, with owners and ages
  // (an age is null for a socket not tracked yet): a window of the whole
  // listing, starting at its position sockets_offset.
  DecodedSockets sockets;
  uint64_t sockets_offset = 0;
  uint64_t sockets_matched = 0;  // how many matched the filter: the whole listing
  // Per TCP state (index = TcpState, NEW_SYN_RECV folded into SYN_RECV),
  // counts of recent polls, oldest first, the latest last.
  std::array<std::vector<uint64_t>, kTcpStateCount> trend;
};

}  // namespace sockscope

// When the daemon rescans /proc for socket owners. Reading every fd link of
// every process costs about as much as the socket dump itself at 100,000
// sockets, while owners change far less often than sockets do.
#pragma once

#include <span>

#include "model/process.h"
#include "model/socket_record.h"

namespace sockscope {

struct OwnerScanPolicy {
  double rescan_s = 5;   // at most this often while some socket's owner is unknown
  double refresh_s = 60; // at least this often, for owners that changed hands
};

// True when a fresh scan is due: never scanned, the index is older than
// refresh_s, or it is older than rescan_s and some socket with an inode is
// missing from it (new since the scan, or held by nobody we can read).
bool owner_scan_due(const OwnerScanPolicy& policy, bool scanned_before, double since_scan_s,
                    std::span<const SocketRecord> sockets, const ProcessIndex& index);

}  // namespace sockscope

#include "collect/owner_scan.h"

namespace sockscope {

bool owner_scan_due(const OwnerScanPolicy& policy, bool scanned_before, double since_scan_s,
                    std::span<const SocketRecord> sockets, const ProcessIndex& index) {
  if (!scanned_before || since_scan_s >= policy.refresh_s) return true;
  if (since_scan_s < policy.rescan_s) return false;
  for (const SocketRecord& socket : sockets) {
    if (socket.inode != 0 && !index.holds(socket.inode)) return true;
  }
  return false;
}

}  // namespace sockscope

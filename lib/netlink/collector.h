// SocketCollector: one sock_diag netlink socket and the dump loop over it.
// The bytes it receives go to the pure parser in diag_parser.h.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "model/snapshot.h"
#include "model/socket_record.h"
#include "util/result.h"

namespace sockscope {

struct CollectOptions {
  bool tcp = true;
  bool udp = true;
  bool ipv4 = true;
  bool ipv6 = true;
  bool tcp_info = true;   // ask for INET_DIAG_INFO (+ congestion, shutdown)
  bool mem = true;        // ask for INET_DIAG_SKMEMINFO
  StateMask states = kAllStates;  // passed to the kernel as idiag_states
  uint32_t max_dump_retries = 3;  // redo a dump flagged NLM_F_DUMP_INTR at most this often
};

struct CollectResult {
  std::vector<SocketRecord> sockets;  // deduplicated by cookie
  DumpStats stats;
};

class SocketCollector {
 public:
  // Opens and binds a NETLINK_SOCK_DIAG socket (SOCK_CLOEXEC).
  static Result<SocketCollector> open();

  SocketCollector(SocketCollector&&) noexcept;
  SocketCollector& operator=(SocketCollector&&) noexcept;
  ~SocketCollector();

  // One full dump of every requested protocol and family (TCP v4, v6, then
  // UDP v4, v6), deduplicated by cookie over the whole poll. A dump flagged
  // NLM_F_DUMP_INTR is redone; after max_dump_retries its last result is kept.
  // A protocol the kernel refuses for any family is marked unavailable in
  // stats; the rest of the result stands. On Error `out` is incomplete, and
  // the next call starts over on a fresh socket.
  // `out` is reused between polls to avoid reallocating 100,000 records;
  // the collector also sizes it from the previous poll's count.
  Result<void> collect(const CollectOptions& options, CollectResult& out);

 private:
  struct Impl;
  explicit SocketCollector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sockscope

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

  // One full dump of every requested protocol and family. A protocol the
  // kernel lacks is marked unavailable in stats; the rest of the result stands.
  // `out` is reused between polls to avoid reallocating 100,000 records.
  Result<void> collect(const CollectOptions& options, CollectResult& out);

 private:
  struct Impl;
  explicit SocketCollector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sockscope

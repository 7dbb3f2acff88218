// Snapshot: everything one poll saw, immutable once built.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "model/process.h"
#include "model/socket_record.h"
#include "model/system_view.h"

namespace sockscope {

// What happened while dumping: the facts a caller needs to judge the poll.
struct DumpStats {
  bool tcp_available = true;   // false when the kernel refused the TCP dump
  bool udp_available = true;   // false when UDP diag is missing (module not built)
  uint32_t retries = 0;        // dumps redone after NLM_F_DUMP_INTR
  uint32_t duplicates = 0;     // records dropped as repeats of a cookie
  uint32_t messages = 0;       // netlink messages parsed
  uint32_t skipped = 0;        // messages dropped: not from the kernel, or not our sequence/port id
};

struct Snapshot {
  std::chrono::system_clock::time_point taken_at;
  std::chrono::nanoseconds poll_duration{0};
  std::vector<SocketRecord> sockets;
  DumpStats dump;
  SystemView system;
  ProcessIndex processes;
};

}  // namespace sockscope

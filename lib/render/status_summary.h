// The figures `sockscope status` shows, computed from one Snapshot. Pure, so
// tests can check every number on a synthetic Snapshot.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "model/snapshot.h"

namespace sockscope {

// Where TCP memory in use (sockstat's TCP mem, pages) stands against tcp_mem.
// The kernel enters pressure mode when usage goes above "pressure" and leaves
// it only once usage is back at or below "min"; between the two it keeps
// whichever mode it was in.
enum class MemoryZone {
  Unknown,   // tcp_mem or sockstat unreadable
  Normal,    // in use <= min
  AboveMin,  // min < in use <= pressure
  Pressure,  // in use > pressure
};
std::string_view memory_zone_name(MemoryZone zone);  // "unknown", "normal", "above min", "pressure"
MemoryZone classify_tcp_mem(int64_t in_use_pages, const Triple& tcp_mem);

struct StateCounts {
  std::array<uint64_t, kTcpStateCount> by_state{};  // by user_visible() state
  uint64_t total = 0;
  uint64_t operator[](TcpState s) const { return by_state[static_cast<size_t>(user_visible(s))]; }
};

// Listeners excluded: their queues are the accept queue and its limit.
struct QueueTotals {
  uint64_t recv_q = 0;       // bytes received, not yet read
  uint64_t send_q = 0;       // bytes not yet acknowledged or not yet sent
  uint64_t with_recv_q = 0;  // sockets with recv_q > 0
  uint64_t with_send_q = 0;
};

struct ListenTotals {
  uint64_t listeners = 0;
  uint64_t accept_queue = 0;  // connections waiting for accept(), all listeners
  uint64_t backlog = 0;       // sum of the listeners' accept queue limits
  uint64_t full = 0;          // listeners whose queue is past its limit (new SYNs dropped)
};

struct TcpMemory {
  std::optional<Triple> limits;         // tcp_mem: min, pressure (def), max; pages
  std::optional<int64_t> in_use_pages;  // sockstat TCP mem
  int64_t page_size = 4096;
  MemoryZone zone = MemoryZone::Unknown;
  bool over_max = false;  // above max: the kernel refuses new socket memory
};

struct StatusSummary {
  std::chrono::system_clock::time_point taken_at;
  std::chrono::nanoseconds poll_duration{0};
  StateCounts tcp;
  StateCounts udp;  // Close = unconnected, Established = connected
  QueueTotals tcp_queues;
  QueueTotals udp_queues;
  ListenTotals listen;
  TcpMemory tcp_mem;
  Sockstat sockstat;
  Sysctls sysctls;
  DumpStats dump;
};

StatusSummary summarize_status(const Snapshot& snapshot);

}  // namespace sockscope

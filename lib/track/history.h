// History: a ring of per-poll aggregates with a fixed capacity, so memory does
// not grow with uptime. One entry is a fixed-size struct: no allocation per poll.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <vector>

#include "model/snapshot.h"

namespace sockscope {

// The kernel counters the history keeps deltas of, in this order.
inline constexpr std::array<const char*, 12> kHistoryCounters = {
    "TcpExt.ListenOverflows", "TcpExt.ListenDrops",       "TcpExt.TCPAbortOnData",
    "TcpExt.TCPAbortOnClose", "TcpExt.TCPAbortOnTimeout", "TcpExt.TCPAbortOnMemory",
    "TcpExt.TCPMemoryPressures", "TcpExt.SyncookiesSent", "Tcp.OutRsts",
    "Tcp.EstabResets",        "Tcp.AttemptFails",         "Tcp.RetransSegs",
};

struct PollAggregate {
  std::chrono::system_clock::time_point taken_at;
  std::chrono::nanoseconds poll_duration{0};
  std::array<uint32_t, kTcpStateCount> tcp_states{};  // index = TcpState (NewSynRecv folded into SynRecv)
  uint32_t udp_unconnected = 0, udp_connected = 0;
  // /proc/net/sockstat, -1 when unknown. The kernel's "TCP: inuse" counts IPv4
  // only (IPv6 is sockstat6's "TCP6: inuse"); orphan, tw and mem cover both, and
  // tw includes orphaned FIN_WAIT2 minisockets. mem is in pages.
  int64_t sockstat_tcp_inuse = -1, sockstat_tcp_orphan = -1, sockstat_tcp_tw = -1, sockstat_tcp_mem = -1;
  int64_t sockstat_tcp6_inuse = -1;
  std::array<int64_t, kHistoryCounters.size()> counter_deltas{};  // since the previous poll; -1 unknown
};

// Builds the aggregate of one snapshot; `previous` (may be null) gives the
// counter baseline. A delta is -1 when either side lacks the counter or the
// counter went backwards (a reset, e.g. a new network namespace).
PollAggregate aggregate_poll(const Snapshot& snapshot, const Counters* previous);

class History {
 public:
  explicit History(size_t capacity);  // e.g. one hour at one poll a second = 3600
  void push(const PollAggregate& entry);  // drops the oldest when full; a capacity of 0 keeps nothing
  size_t size() const { return count_; }
  size_t capacity() const { return ring_.size(); }
  // Oldest first; i < size() (unchecked, like vector::operator[]).
  const PollAggregate& at(size_t i) const;
  void resize(size_t capacity);  // keeps the newest entries that fit; allocates

 private:
  std::vector<PollAggregate> ring_;
  size_t head_ = 0;   // next slot to write
  size_t count_ = 0;
};

}  // namespace sockscope

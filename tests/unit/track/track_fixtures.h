// Hand-built snapshots for the tracker and history tests.
#pragma once

#include <chrono>
#include <cstdint>

#include "model/snapshot.h"

namespace sockscope::test {

inline SocketRecord tracked(uint64_t cookie, TcpState state, uint32_t recv_q = 0, uint32_t send_q = 0,
                            Proto proto = Proto::Tcp) {
  SocketRecord s;
  s.proto = proto;
  s.state = state;
  s.cookie = cookie;
  s.recv_q = recv_q;
  s.send_q = send_q;
  return s;
}

inline Snapshot snapshot_of(std::initializer_list<SocketRecord> sockets) {
  Snapshot snapshot;
  snapshot.sockets.assign(sockets.begin(), sockets.end());
  return snapshot;
}

// Poll n of a test run, one second apart.
inline std::chrono::steady_clock::time_point poll_time(int n) {
  return std::chrono::steady_clock::time_point{} + std::chrono::hours(1) + std::chrono::seconds(n);
}

}  // namespace sockscope::test

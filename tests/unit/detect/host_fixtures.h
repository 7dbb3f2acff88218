// Hand-built inputs for the host-wide detector tests: sockets with cookies,
// a history of one entry a second with chosen counter deltas, and a runner
// for direct mode and daemon mode.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "../synthetic.h"
#include "detect/detector.h"
#include "detect/history_rates.h"

namespace sockscope::test {

// A TCP socket with a cookie; inode 0 means no process holds it.
inline SocketRecord tcp(TcpState state, const std::string& local, uint16_t lport, const std::string& remote,
                        uint16_t rport, uint64_t cookie, uint64_t inode = 0) {
  SocketRecord s = record(Proto::Tcp, state, local, lport, remote, rport, inode);
  s.cookie = cookie;
  return s;
}

// `count` sockets in `state` from local:lport to distinct remote ports (or,
// with vary_local, from distinct local ports to remote:rport); cookies from `first_cookie`.
inline void add_many(Snapshot& snap, int count, TcpState state, const std::string& local, uint16_t lport,
                     const std::string& remote, uint16_t rport, uint64_t first_cookie, bool vary_local = false,
                     uint64_t inode = 0) {
  for (int i = 0; i < count; ++i) {
    const auto step = static_cast<uint16_t>(i);
    snap.sockets.push_back(tcp(state, local, vary_local ? static_cast<uint16_t>(lport + step) : lport, remote,
                               vary_local ? rport : static_cast<uint16_t>(rport + step),
                               first_cookie + static_cast<uint64_t>(i), inode));
  }
}

inline std::chrono::system_clock::time_point history_time(int second) {
  return std::chrono::system_clock::time_point{} + std::chrono::hours(1) + std::chrono::seconds(second);
}

// Entry i is taken at second i; deltas[i] is `counter`'s rise since entry
// i-1 (the first entry's delta is unknown, as after the daemon's first poll).
inline History history_of(const char* counter, const std::vector<int64_t>& deltas) {
  History history(4096);
  const size_t index = *history_counter_index(counter);
  for (size_t i = 0; i < deltas.size(); ++i) {
    PollAggregate entry;
    entry.taken_at = history_time(static_cast<int>(i));
    entry.counter_deltas.fill(i == 0 ? -1 : 0);
    if (i > 0) entry.counter_deltas[index] = deltas[i];
    history.push(entry);
  }
  return history;
}

// Deltas for history_of: `seconds` entries of `quiet` then `burst_seconds`
// entries of `burst` (element 0 stands for the first entry, whose delta is unknown).
inline std::vector<int64_t> quiet_then_burst(int seconds, int64_t quiet, int burst_seconds, int64_t burst) {
  std::vector<int64_t> deltas(static_cast<size_t>(seconds + 1), quiet);
  deltas.insert(deltas.end(), static_cast<size_t>(burst_seconds), burst);
  return deltas;
}

// Runs one detector: direct mode when both tracker and history are null.
inline std::vector<Finding> run_detector(DetectorFn detector, const Snapshot& snap, const DetectorsConfig& config,
                                         const Tracker* tracker = nullptr, const History* history = nullptr,
                                         MonoClock::time_point now = {}) {
  DetectorInput input{snap, tracker, history, config, now, 1.0};
  std::vector<Finding> out;
  detector(input, out);
  return out;
}

}  // namespace sockscope::test

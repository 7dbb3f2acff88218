// Tracker: remembers every socket across polls by kernel cookie, so each one
// has an age in its current state. A dump can miss a socket, so a socket is
// forgotten only after it is absent from two consecutive polls.
#pragma once

#include <chrono>
#include <cstdint>
#include <unordered_map>

#include "model/snapshot.h"

namespace sockscope {

using MonoClock = std::chrono::steady_clock;

struct TrackedSocket {
  TcpState state = TcpState::Unknown;
  MonoClock::time_point first_seen;   // first poll that saw this cookie
  MonoClock::time_point state_since;  // first poll that saw the current state
  MonoClock::time_point last_change;  // last poll where state or queues changed
  uint32_t recv_q = 0, send_q = 0;
  uint8_t missed_polls = 0;           // consecutive polls without this cookie
};

class Tracker {
 public:
  // Folds one poll in, taken at `now` (monotonic). Sockets absent from this
  // poll and the previous one are forgotten.
  void update(const Snapshot& snapshot, MonoClock::time_point now);

  const TrackedSocket* find(uint64_t cookie) const;
  size_t size() const { return sockets_.size(); }
  uint64_t polls() const { return polls_; }
  MonoClock::time_point last_poll() const { return last_poll_; }

 private:
  std::unordered_map<uint64_t, TrackedSocket> sockets_;
  uint64_t polls_ = 0;
  MonoClock::time_point last_poll_{};
};

}  // namespace sockscope

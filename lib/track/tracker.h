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

// Times are the polls that observed an event, not when the kernel made it:
// a socket first seen at the first poll may be much older.
struct TrackedSocket {
  MonoClock::time_point first_seen;   // first poll that saw this cookie
  MonoClock::time_point state_since;  // first poll that saw the current state
  MonoClock::time_point last_change;  // last poll where state or queues changed
  uint32_t recv_q = 0, send_q = 0;
  uint32_t seen_in_poll = 0;          // bookkeeping: low 32 bits of the last poll number that saw it
  TcpState state = TcpState::Unknown; // as the kernel reported it (NewSynRecv not folded)
  uint8_t missed_polls = 0;           // consecutive polls without this cookie (0 or 1)
};

class Tracker {
 public:
  // Folds one poll in, taken at `now` (monotonic). Sockets absent from this
  // poll and the previous one are forgotten. O(sockets); allocates only for
  // cookies it has not seen before and when the population outgrows the table.
  // Call it only with complete polls: a failed dump would age every socket.
  void update(const Snapshot& snapshot, MonoClock::time_point now);

  const TrackedSocket* find(uint64_t cookie) const;  // null when not tracked
  size_t size() const { return sockets_.size(); }
  uint64_t polls() const { return polls_; }
  MonoClock::time_point last_poll() const { return last_poll_; }

 private:
  void make_room(size_t expected);
  void forget_missing(uint32_t generation);

  std::unordered_map<uint64_t, TrackedSocket> sockets_;
  uint64_t polls_ = 0;
  MonoClock::time_point last_poll_{};
};

}  // namespace sockscope

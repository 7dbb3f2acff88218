#include "track/tracker.h"

namespace sockscope {

namespace {

// Missing from this many consecutive polls means gone: one dump can skip a
// socket that moves between hash buckets while the dump walks them.
constexpr uint8_t kPollsMissedWhenGone = 2;

// Give bucket memory back only after the population fell this many times
// below the table, so a population that hovers near one size never rehashes.
constexpr size_t kShrinkFactor = 8;
constexpr size_t kMinBuckets = 1024;

}  // namespace

static_assert(sizeof(TrackedSocket) <= 48, "100,000 of these live in the daemon");

void Tracker::update(const Snapshot& snapshot, MonoClock::time_point now) {
  make_room(snapshot.sockets.size());
  // A generation number marks what this poll saw, so no second set is built.
  const auto generation = static_cast<uint32_t>(polls_ + 1);

  for (const SocketRecord& record : snapshot.sockets) {
    auto [it, inserted] = sockets_.try_emplace(record.cookie);
    TrackedSocket& tracked = it->second;
    if (inserted) {
      tracked.first_seen = tracked.state_since = tracked.last_change = now;
      tracked.state = record.state;
      tracked.recv_q = record.recv_q;
      tracked.send_q = record.send_q;
    } else {
      if (tracked.state != record.state) {
        tracked.state = record.state;
        tracked.state_since = tracked.last_change = now;
      }
      if (tracked.recv_q != record.recv_q || tracked.send_q != record.send_q) {
        tracked.recv_q = record.recv_q;
        tracked.send_q = record.send_q;
        tracked.last_change = now;
      }
    }
    tracked.seen_in_poll = generation;
    tracked.missed_polls = 0;
  }

  forget_missing(generation);
  ++polls_;
  last_poll_ = now;
}

const TrackedSocket* Tracker::find(uint64_t cookie) const {
  auto it = sockets_.find(cookie);
  return it == sockets_.end() ? nullptr : &it->second;
}

// Sizes the table before inserting, so a poll never rehashes halfway through.
// reserve() is only called to grow: libstdc++ would also shrink on a smaller count.
void Tracker::make_room(size_t expected) {
  const auto fits = static_cast<size_t>(static_cast<float>(sockets_.bucket_count()) * sockets_.max_load_factor());
  if (expected > fits) sockets_.reserve(expected);
}

// One pass: count a miss for every socket this poll did not see, erase the gone.
void Tracker::forget_missing(uint32_t generation) {
  for (auto it = sockets_.begin(); it != sockets_.end();) {
    TrackedSocket& tracked = it->second;
    if (tracked.seen_in_poll != generation && ++tracked.missed_polls >= kPollsMissedWhenGone) {
      it = sockets_.erase(it);
    } else {
      ++it;
    }
  }
  // Keeps the daemon's memory tied to today's population, not to its peak.
  if (sockets_.bucket_count() > kMinBuckets && sockets_.size() * kShrinkFactor < sockets_.bucket_count()) {
    sockets_.rehash(0);
  }
}

}  // namespace sockscope

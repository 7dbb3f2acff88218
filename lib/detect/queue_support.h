// Pieces shared by the queue detectors (listen_overflow, send_stalled,
// recv_stranded): "unchanged for N polls", per-process keys, the owner in
// the evidence, and the few heaviest sockets a finding lists.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "detect/detector.h"

namespace sockscope::queue {

// How many sockets a queue finding lists in its evidence.
inline constexpr size_t kListedSockets = 5;

// Seconds the socket's state and both queues have stood still, when that
// spans at least `min_polls` poll intervals; empty when it is shorter,
// without a tracker, or for a socket the tracker does not know yet.
std::optional<double> still_for_polls(const DetectorInput& input, const SocketRecord& socket, int64_t min_polls);

// The pid a per-process finding is keyed by; -1 when no holder is known.
int32_t owner_pid(std::span<const ProcessRef> owners);

// "pid=1234", or "pid=unknown" for -1: the subject part of a finding id.
std::string pid_key(int32_t pid);

// Adds "pid" and "comm" of the first holder (both null when unknown).
void put_owner(nlohmann::ordered_json& evidence, std::span<const ProcessRef> owners);


// The `limit` heaviest items offered, heaviest first; on equal weight the
// one offered first stays ahead. O(limit) per offer and no allocation once
// `limit` items are held, so it can see every socket of a poll.
template <typename T>
class Heaviest {
 public:
  explicit Heaviest(size_t limit = kListedSockets) : limit_(limit) {}

  void offer(uint64_t weight, const T& item) {
    if (limit_ == 0) return;
    if (items_.size() == limit_) {
      if (weight <= items_.back().first) return;
      items_.pop_back();
    }
    auto at = std::find_if(items_.begin(), items_.end(), [&](const auto& held) { return held.first < weight; });
    items_.insert(at, {weight, item});
  }

  const std::vector<std::pair<uint64_t, T>>& items() const { return items_; }

 private:
  size_t limit_;
  std::vector<std::pair<uint64_t, T>> items_;
};

}  // namespace sockscope::queue

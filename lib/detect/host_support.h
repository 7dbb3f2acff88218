// Pieces the host-wide detectors share: a bounded sample of socket cookies,
// small evidence formatters, and the scan behind fin_wait2_lingering and
// closing_lingering.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "detect/detector.h"
#include "detect/endpoint_counts.h"

namespace sockscope {

// A TCP socket in `state` as users see it (NEW_SYN_RECV counts as SYN_RECV).
inline bool tcp_in(const SocketRecord& socket, TcpState state) {
  return socket.proto == Proto::Tcp && user_visible(socket.state) == state;
}

// Keeps the kMaxNamedSockets smallest cookies offered: O(log k) per add and
// bounded memory however many sockets a host-wide finding covers.
class CookieSample {
 public:
  void add(uint64_t cookie);
  std::vector<uint64_t> take();  // ascending, without repeats

 private:
  std::vector<uint64_t> heap_;  // max-heap of the smallest cookies so far
};


// A percentage or rate for evidence, to one decimal (two for rates below 1).
double evidence_number(double value);

// An optional value as JSON: null when unknown.
template <typename T>
nlohmann::ordered_json or_null(const std::optional<T>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

// fin_wait2_lingering and closing_lingering: the TCP sockets in one state,
// how many have no owner, how old the oldest is (with a tracker), and who the
// peers are. Empty when neither the count nor the age threshold is reached.
struct LingeringSpec {
  std::string_view kind;
  TcpState state;
  const LingeringConfig& config;
  std::string_view advice;
};
std::optional<Finding> lingering_finding(const DetectorInput& input, const LingeringSpec& spec);

}  // namespace sockscope

// Pieces the host-wide detectors share: a bounded sample of socket cookies,
// per-endpoint counts with a top-N list, small evidence formatters, and the
// scan behind fin_wait2_lingering and closing_lingering.
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

// How many sockets share each endpoint (or each address, when counted with
// port 0). A grouping map: one entry per distinct endpoint.
class EndpointCounts {
 public:
  void add(Family family, const Endpoint& endpoint);
  void add_address(Family family, const Endpoint& endpoint);  // port ignored
  // [{"<label>": "10.0.0.2:443", "count": 812}, ...]: largest first, ties in
  // address order, at most n entries.
  nlohmann::ordered_json top(int n, std::string_view label) const;
  size_t distinct() const { return counts_.size(); }

 private:
  struct Key {
    std::array<uint8_t, 16> addr{};
    uint16_t port = 0;
    Family family = Family::Inet;
    bool with_port = true;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& key) const;
  };
  std::unordered_map<Key, int64_t, KeyHash> counts_;
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

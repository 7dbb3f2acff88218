// How many sockets share each endpoint, address or port, with a top-N list
// for a finding's evidence. One counter serves every detector that names the
// busiest peers, endpoints or local ports.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_map>

#include "model/endpoint.h"

namespace sockscope {

// A grouping map: one entry per distinct key, nothing allocated per socket
// once a key is known.
class EndpointCounts {
 public:
  void add(Family family, const Endpoint& endpoint);          // address and port
  void add_address(Family family, const Endpoint& endpoint);  // port ignored
  void add_port(uint16_t port);                               // address ignored
  // [{"<label>": "10.0.0.2:443", "count": 812}, ...]: largest first, ties in
  // ascending key order, at most n entries. Endpoints and addresses are text,
  // ports are numbers.
  nlohmann::ordered_json top(size_t n, std::string_view label) const;
  size_t distinct() const { return counts_.size(); }

 private:
  enum class KeyKind : uint8_t { Endpoint, Address, Port };
  struct Key {
    KeyKind kind = KeyKind::Endpoint;
    Family family = Family::Inet;
    std::array<uint8_t, 16> addr{};
    uint16_t port = 0;
    bool operator==(const Key&) const = default;
    bool operator<(const Key& other) const;
  };
  struct KeyHash {
    size_t operator()(const Key& key) const;
  };
  std::unordered_map<Key, int64_t, KeyHash> counts_;
};

}  // namespace sockscope

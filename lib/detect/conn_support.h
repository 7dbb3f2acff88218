// Pieces the connection detectors (close_wait_buildup, half_open,
// shared_listener) share: the process a socket is grouped under, per-address
// and per-port counts with a top-N list, and small evidence formatters.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "detect/detector.h"

namespace sockscope::conn {

// The process a per-process finding is about: the first holder of the socket
// (the lowest pid a scan found; the parent of a prefork server). pid -1 when
// no holder is known: a socket still in a listener's accept queue, an orphan,
// or a process the scan could not read.
struct Owner {
  int32_t pid = -1;
  std::string_view comm;  // points into the snapshot's process index
  bool known() const { return pid >= 0; }
};
Owner first_owner(const Snapshot& snapshot, const SocketRecord& socket);

// "pid=1234", or "pid=unknown": the subject part of a finding id.
std::string owner_key(const Owner& owner);
// "pid 1234 (nginx)", or "unknown process": the subject people read.
std::string owner_subject(const Owner& owner);
// Adds "pid" and "comm" (both null when unknown).
void put_owner(nlohmann::ordered_json& evidence, const Owner& owner);

// How many sockets share each address (port ignored), or each port. A
// grouping map: one entry per distinct key, nothing allocated per socket
// once a key is known.
class TopCounts {
 public:
  void add_address(Family family, const Endpoint& endpoint);
  void add_port(uint16_t port);
  // [{"<label>": "10.0.0.2", "count": 812}, ...] (ports as numbers): largest
  // first, ties in ascending key order, at most n entries.
  nlohmann::ordered_json top(size_t n, std::string_view label) const;
  size_t distinct() const { return counts_.size(); }

 private:
  struct Key {
    std::array<uint8_t, 16> addr{};
    uint16_t port = 0;
    Family family = Family::Inet;
    bool is_port = false;
    bool operator==(const Key&) const = default;
    bool operator<(const Key& other) const;
  };
  struct KeyHash {
    size_t operator()(const Key& key) const;
  };
  std::unordered_map<Key, int64_t, KeyHash> counts_;
};


// Seconds for evidence, to a tenth of a second; null when unknown.
nlohmann::ordered_json seconds_or_null(const std::optional<double>& seconds);

// tcp_info fields these detectors read, in milliseconds; empty when the
// kernel sent no tcp_info or one too short to hold the field (total_rto_time
// came with Linux 6.7).
std::optional<uint32_t> last_data_recv_ms(const SocketRecord& socket);
std::optional<uint32_t> last_ack_recv_ms(const SocketRecord& socket);
std::optional<uint32_t> total_rto_time_ms(const SocketRecord& socket);

}  // namespace sockscope::conn

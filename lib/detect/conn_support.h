// Pieces the connection detectors (close_wait_buildup, half_open,
// shared_listener) share: the process a socket is grouped under and small
// evidence formatters.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "detect/detector.h"
#include "detect/endpoint_counts.h"

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


// Seconds for evidence, to a tenth of a second; null when unknown.
nlohmann::ordered_json seconds_or_null(const std::optional<double>& seconds);

// tcp_info fields these detectors read, in milliseconds; empty when the
// kernel sent no tcp_info or one too short to hold the field (total_rto_time
// came with Linux 6.7).
std::optional<uint32_t> last_data_recv_ms(const SocketRecord& socket);
std::optional<uint32_t> last_ack_recv_ms(const SocketRecord& socket);
std::optional<uint32_t> total_rto_time_ms(const SocketRecord& socket);

}  // namespace sockscope::conn

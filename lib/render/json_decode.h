// The inverse of the JSON renderers, for the daemon's answers: a socket
// listing back into SocketRecords, owners and ages, and a status object back
// into a StatusSummary, so the text renderers print daemon data exactly as
// they print a local poll. Pure; an Error names the first field that is wrong.
#pragma once

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/process.h"
#include "model/socket_record.h"
#include "render/status_summary.h"
#include "util/result.h"

namespace sockscope {

struct DecodedSockets {
  std::vector<SocketRecord> sockets;  // in the order given
  ProcessIndex processes;             // owners by inode
  std::vector<std::optional<double>> ages;  // state_age_s, parallel to `sockets`; null when not tracked
};

// {"sockets": [...]} as append_socket_json writes each socket, plus the
// daemon's "state_age_s". tcp_info is not decoded: the table does not show it.
Result<DecodedSockets> decode_sockets_json(const nlohmann::json& listing);

// The object status_to_json writes (extra keys such as "daemon" are ignored).
Result<StatusSummary> decode_status_json(const nlohmann::json& status);

}  // namespace sockscope

// The library's own dump as listing rows, so it can be held against ss the
// same way as the CLI's JSON.
#pragma once

#include <string>
#include <vector>

#include "model/socket_record.h"
#include "socket_row.h"

namespace sockscope::testing {

inline std::vector<SocketRow> rows_from_records(const std::vector<SocketRecord>& records) {
  std::vector<SocketRow> rows;
  rows.reserve(records.size());
  for (const auto& r : records) {
    SocketRow row;
    row.proto = std::string(proto_name(r.proto));
    row.state = std::string(tcp_state_name(r.state));
    row.local = format_address(r.family, r.local) + ":" + std::to_string(r.local.port);
    row.peer = format_address(r.family, r.remote) + ":" + std::to_string(r.remote.port);
    row.recv_q = r.recv_q;
    row.send_q = r.send_q;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace sockscope::testing

// The `sockets` listing as a text table, in the layout ss uses:
//   Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process
//   tcp   ESTAB       0      0 10.0.0.1:22        10.0.0.9:50122    users:(("sshd",pid=812,fd=4))
#pragma once

#include <fmt/format.h>

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/process.h"
#include "model/socket_record.h"

namespace sockscope {

struct TableOptions {
  bool process_column = true;  // off when the process scan was skipped
  // Seconds each socket has been in its state, parallel to `sockets`. Only the
  // daemon tracks ages: with null (direct mode) there is no Age column at all.
  const std::vector<std::optional<double>>* ages = nullptr;
};

// Compact age: "45s", "47m", "3h12m", "2d4h"; "-" when unknown or negative.
std::string format_age(std::optional<double> seconds);

// Column widths come from the data, so the output is readable at any size.
// The state column uses ss's labels (UNCONN for an unconnected UDP socket).
void render_socket_table(fmt::memory_buffer& out, std::span<const SocketRecord* const> sockets,
                         const ProcessIndex& processes, const TableOptions& options = {});

// ss's owner list: users:(("nginx",pid=10,fd=3),("nginx",pid=11,fd=3)).
// Control characters in a command name print as '?', keeping one line per socket.
void append_owner_list(fmt::memory_buffer& out, std::span<const ProcessRef> owners);

}  // namespace sockscope

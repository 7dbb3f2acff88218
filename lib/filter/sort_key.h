// --sort: the order sockets are listed in.
#pragma once

#include <string_view>
#include <vector>

#include "model/socket_record.h"
#include "util/result.h"

namespace sockscope {

enum class SortKey {
  None,   // dump order
  RecvQ,  // largest receive queue first
  SendQ,  // largest send queue first
  State,  // kernel state order: ESTABLISHED, SYN_SENT, ..., LISTEN, CLOSING
};

// "recvq", "sendq", "state"; "recv-q" / "send_q" and any case are accepted too.
Result<SortKey> parse_sort_key(std::string_view text);

// Stable: sockets that tie keep their dump order.
void sort_sockets(std::vector<const SocketRecord*>& sockets, SortKey key);

}  // namespace sockscope

// How a socket's state reads in a table: ss's labels, so the two tools agree.
#pragma once

#include <string_view>

#include "model/socket_record.h"

namespace sockscope {

// "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT",
// "UNCONN" (CLOSE: an unconnected UDP socket, or a TCP socket that is neither
// listening nor connected), "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING".
std::string_view table_state_label(TcpState state);

}  // namespace sockscope

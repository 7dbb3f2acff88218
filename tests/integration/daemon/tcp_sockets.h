// Real TCP sockets on loopback for the daemon tests to observe.
#pragma once

#include <cstdint>

#include "util/unique_fd.h"

namespace sockscope::testing {

// A listener on 127.0.0.1 at a kernel-chosen port (written to *port).
UniqueFd tcp_listen(uint16_t* port, int backlog = 16);
// A blocking connect to 127.0.0.1:port.
UniqueFd tcp_connect(uint16_t port);
UniqueFd tcp_accept(int listener);

}  // namespace sockscope::testing

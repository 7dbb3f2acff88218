// The metrics server's listen address: "ADDR:PORT" with a numeric IPv4
// address ("127.0.0.1:9977", "0.0.0.0:9977") or a bracketed IPv6 one
// ("[::1]:9977", "[::]:9977"). No host names: resolving them would make
// the daemon's start depend on DNS.
#pragma once

#include <sys/socket.h>

#include <string>
#include <string_view>

#include "util/result.h"

namespace sockscope::daemon {

struct ListenAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
  bool ipv6 = false;
  std::string text;  // as given, for messages

  const sockaddr* sockaddr_ptr() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

// An Error naming the text and what is wrong with it.
Result<ListenAddress> parse_listen_address(std::string_view text);

}  // namespace sockscope::daemon

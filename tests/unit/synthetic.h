// Hand-built sockets and snapshots for unit tests.
#pragma once

#include <arpa/inet.h>

#include <string>

#include "model/socket_record.h"

namespace sockscope::test {

inline Endpoint endpoint(const std::string& address, uint16_t port) {
  Endpoint e;
  e.port = port;
  if (inet_pton(AF_INET, address.c_str(), e.addr.data()) != 1) inet_pton(AF_INET6, address.c_str(), e.addr.data());
  return e;
}

inline SocketRecord record(Proto proto, TcpState state, const std::string& local, uint16_t lport,
                           const std::string& remote, uint16_t rport, uint64_t inode = 0) {
  SocketRecord s;
  s.proto = proto;
  s.family = local.find(':') == std::string::npos ? Family::Inet : Family::Inet6;
  s.state = state;
  s.local = endpoint(local, lport);
  s.remote = endpoint(remote, rport);
  s.inode = inode;
  return s;
}

}  // namespace sockscope::test

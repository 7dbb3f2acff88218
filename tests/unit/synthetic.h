// Hand-built sockets and snapshots for unit tests.
#pragma once

#include <arpa/inet.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "model/snapshot.h"
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

// Appends 10.0.0.1:80 <-> 10.0.0.2:5000 in `state` with the given queues.
inline void add_socket(Snapshot& snap, Proto proto, TcpState state, uint32_t recv_q, uint32_t send_q) {
  snap.sockets.push_back(record(proto, state, "10.0.0.1", 80, "10.0.0.2", 5000));
  snap.sockets.back().recv_q = recv_q;
  snap.sockets.back().send_q = send_q;
}

// A ProcessIndex from inode -> holders pairs.
inline ProcessIndex owners_index(std::initializer_list<std::pair<uint64_t, std::vector<ProcessRef>>> owners) {
  std::vector<ProcessIndex::Holding> holdings;
  for (const auto& [inode, refs] : owners) {
    for (const ProcessRef& ref : refs) holdings.push_back({inode, ref});
  }
  return ProcessIndex(std::move(holdings));
}

}  // namespace sockscope::test

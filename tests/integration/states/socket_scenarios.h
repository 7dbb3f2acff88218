// Builders that put real sockets into each TCP state on loopback. Each returns
// the fds it owns (closing them ends the scenario) and the ports that name the
// sockets in a dump. The states that last only a round trip are frozen with
// Firewall drops; the steps in between are sequenced by TCP_INFO on the fds,
// never by sleeping.
#pragma once

#include <netinet/tcp.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "firewall.h"
#include "socket_ops.h"

namespace sockscope::testing {

// One connection through its own listener. Ports: the listener and the
// accepted socket share server_port; the client's ephemeral port is client_port.
struct TcpConn {
  Ip ip = Ip::V4;
  UniqueFd listener;
  UniqueFd client;
  UniqueFd server;  // the accepted end, when there is one
  uint16_t server_port = 0;
  uint16_t client_port = 0;
};

// Port that the SYN_SENT scenario aims at: its SYNs are dropped, nothing listens.
inline constexpr uint16_t kBlackholePort = 9;

// LISTEN + ESTABLISHED on both ends.
inline TcpConn established(Ip ip) {
  TcpConn c;
  c.ip = ip;
  c.listener = tcp_listener(ip);
  c.server_port = local_port(c.listener);
  c.client = tcp_connect(ip, c.server_port);
  c.client_port = local_port(c.client);
  c.server = accept_one(c.listener);
  return c;
}

// Client shut its write side and got the ACK: client FIN_WAIT2, server
// CLOSE_WAIT, both still owned by their fds.
inline TcpConn fin_wait2_close_wait(Ip ip) {
  TcpConn c = established(ip);
  shutdown_write(c.client);
  wait_tcp_state(c.server, TCP_CLOSE_WAIT, "server to CLOSE_WAIT");
  wait_tcp_state(c.client, TCP_FIN_WAIT2, "client to FIN_WAIT2");
  return c;
}

// Client closed its fd: the kernel keeps an orphaned FIN_WAIT2 (a timewait
// minisocket with no owner); server CLOSE_WAIT.
inline TcpConn orphan_fin_wait2(Ip ip) {
  TcpConn c = established(ip);
  c.client.reset();
  wait_tcp_state(c.server, TCP_CLOSE_WAIT, "server to CLOSE_WAIT");
  return c;
}

// Client closed first, server closed after: the client is in TIME_WAIT (60 s),
// the server end is gone once the last ACK lands. The listener stays.
inline TcpConn time_wait(Ip ip) {
  TcpConn c = established(ip);
  shutdown_write(c.client);
  wait_tcp_state(c.server, TCP_CLOSE_WAIT, "server to CLOSE_WAIT");
  c.server.reset();
  // The client's full socket reads CLOSE once a TIME_WAIT minisocket replaced it.
  wait_tcp_state(c.client, TCP_CLOSE, "client to TIME_WAIT");
  c.client.reset();
  return c;
}

// Client sent its FIN but nothing reaches the server any more: client
// FIN_WAIT1 (the FIN is retransmitted, never acknowledged), server ESTABLISHED.
inline TcpConn fin_wait1(Ip ip, Firewall& fw) {
  TcpConn c = established(ip);
  fw.drop_tcp_to(c.server_port);
  shutdown_write(c.client);
  wait_tcp_state(c.client, TCP_FIN_WAIT1, "client to FIN_WAIT1");
  return c;
}

// From CLOSE_WAIT the server sends its FIN, and the client's ACK of it is
// dropped: server LAST_ACK; the client got the FIN and sits in TIME_WAIT.
inline TcpConn last_ack(Ip ip, Firewall& fw) {
  TcpConn c = fin_wait2_close_wait(ip);
  fw.drop_tcp_to(c.server_port);
  shutdown_write(c.server);
  wait_tcp_state(c.server, TCP_LAST_ACK, "server to LAST_ACK");
  wait_tcp_state(c.client, TCP_CLOSE, "client to TIME_WAIT");
  return c;
}

// Simultaneous close, held still: nothing reaches the client, the server sends
// its FIN first (lost), then the client's FIN reaches the server while its own
// FIN is unacknowledged. Server CLOSING, client FIN_WAIT1.
inline TcpConn closing(Ip ip, Firewall& fw) {
  TcpConn c = established(ip);
  fw.drop_tcp_to(c.client_port);
  shutdown_write(c.server);
  wait_tcp_state(c.server, TCP_FIN_WAIT1, "server to FIN_WAIT1");
  shutdown_write(c.client);
  wait_tcp_state(c.server, TCP_CLOSING, "server to CLOSING");
  return c;
}

// The client's ACK of the SYN-ACK is dropped: the server holds a request
// socket (SYN_RECV, reported by the kernel as NEW_SYN_RECV), the client
// believes it is ESTABLISHED. Nothing is accepted.
inline TcpConn syn_recv(Ip ip, Firewall& fw) {
  TcpConn c;
  c.ip = ip;
  c.listener = tcp_listener(ip);
  c.server_port = local_port(c.listener);
  fw.drop_tcp_acks_to(c.server_port);
  c.client = tcp_connect_start(ip, c.server_port);
  c.client_port = local_port(c.client);
  wait_tcp_state(c.client, TCP_ESTABLISHED, "client past SYN-ACK");
  return c;
}

// A nonblocking connect whose SYNs are dropped: the client stays SYN_SENT.
// No listener; server_port is the port aimed at.
inline TcpConn syn_sent(Ip ip, Firewall& fw) {
  fw.drop_tcp_to(kBlackholePort);
  TcpConn c;
  c.ip = ip;
  c.server_port = kBlackholePort;
  c.client = tcp_connect_start(ip, kBlackholePort);
  c.client_port = local_port(c.client);
  wait_tcp_state(c.client, TCP_SYN_SENT, "client in SYN_SENT");
  return c;
}

// A dual-stack listener on [::] and an IPv4 client: the client is an inet
// socket, the accepted end an inet6 socket with IPv4-mapped addresses.
// server_port is the listener's.
inline TcpConn v4_mapped() {
  TcpConn c;
  c.ip = Ip::V4;  // the client's family
  c.listener = dual_stack_socket(SOCK_STREAM);
  if (::listen(c.listener.get(), 16) != 0) throw_errno("listen");
  c.server_port = local_port(c.listener);
  c.client = tcp_connect(Ip::V4, c.server_port);
  c.client_port = local_port(c.client);
  c.server = accept_one(c.listener);
  return c;
}

// A listener with `clients` completed connections nobody accepted.
struct AcceptQueue {
  Ip ip = Ip::V4;
  UniqueFd listener;
  uint16_t port = 0;
  std::vector<UniqueFd> clients;
  std::vector<uint16_t> client_ports;
};

inline AcceptQueue accept_queue(Ip ip, int backlog, int clients) {
  AcceptQueue q;
  q.ip = ip;
  q.listener = tcp_listener(ip, backlog);
  q.port = local_port(q.listener);
  for (int i = 0; i < clients; ++i) {
    q.clients.push_back(tcp_connect(ip, q.port));
    q.client_ports.push_back(local_port(q.clients.back()));
  }
  return q;
}

// Two UDP sockets; `a` is connected to `b` (ESTABLISHED), `b` is only bound (CLOSE).
struct UdpPair {
  Ip ip = Ip::V4;
  UniqueFd a;
  UniqueFd b;
  uint16_t a_port = 0;
  uint16_t b_port = 0;
};

inline UdpPair udp_pair(Ip ip) {
  UdpPair p;
  p.ip = ip;
  p.a = udp_bound(ip);
  p.b = udp_bound(ip);
  p.a_port = local_port(p.a);
  p.b_port = local_port(p.b);
  udp_connect(p.a, ip, p.b_port);
  return p;
}

// Many sockets at once, for dumps that span many netlink reads: per family,
// `udp_count` bound UDP sockets and `conn_count` connections (LISTEN plus two
// ESTABLISHED each). Raises RLIMIT_NOFILE as far as needed.
struct BoundUdp {
  Ip ip = Ip::V4;
  UniqueFd fd;
  uint16_t port = 0;
};

struct Bulk {
  std::vector<BoundUdp> udp;
  std::vector<TcpConn> conns;
};

inline void ensure_fd_limit(rlim_t needed) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) throw_errno("getrlimit");
  if (limit.rlim_cur >= needed) return;
  limit.rlim_cur = std::min(needed, limit.rlim_max);
  if (limit.rlim_cur < needed) throw std::runtime_error("RLIMIT_NOFILE hard limit below " + std::to_string(needed));
  if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) throw_errno("setrlimit");
}

inline Bulk bulk(int udp_count, int conn_count) {
  ensure_fd_limit(static_cast<rlim_t>(2 * (udp_count + 3 * conn_count) + 64));
  Bulk b;
  for (Ip ip : {Ip::V4, Ip::V6}) {
    for (int i = 0; i < udp_count; ++i) {
      UniqueFd fd = udp_bound(ip);
      uint16_t port = local_port(fd);
      b.udp.push_back(BoundUdp{ip, std::move(fd), port});
    }
    for (int i = 0; i < conn_count; ++i) b.conns.push_back(established(ip));
  }
  return b;
}

}  // namespace sockscope::testing

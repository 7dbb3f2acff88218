// Scenarios the queue detector tests share: a listener nobody accepts from,
// a writer whose reader stopped reading, and the kernel-side figures
// (SO_COOKIE, accept queue, unread bytes) the tests check findings against.
#pragma once

#include <linux/sockios.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "../states/socket_ops.h"

namespace sockscope::testing {

// The kernel cookie inet_diag reports for this socket.
inline uint64_t socket_cookie(const UniqueFd& fd) {
  uint64_t cookie = 0;
  socklen_t len = sizeof cookie;
  if (::getsockopt(fd.get(), SOL_SOCKET, SO_COOKIE, &cookie, &len) != 0) throw_errno("SO_COOKIE");
  return cookie;
}

// Connections waiting in a listener's accept queue (tcpi_unacked on a listener).
inline uint32_t accept_queue_length(const UniqueFd& listener) {
  tcp_info info{};
  socklen_t len = sizeof info;
  if (::getsockopt(listener.get(), IPPROTO_TCP, TCP_INFO, &info, &len) != 0) throw_errno("TCP_INFO");
  return info.tcpi_unacked;
}

// Bytes received and not read yet (SIOCINQ).
inline int unread_bytes(const UniqueFd& fd) {
  int n = 0;
  if (::ioctl(fd.get(), SIOCINQ, &n) != 0) throw_errno("SIOCINQ");
  return n;
}

inline void set_int_option(const UniqueFd& fd, int level, int name, int value, const char* what) {
  if (::setsockopt(fd.get(), level, name, &value, sizeof value) != 0) throw_errno(what);
}

// A listener with a small backlog and more clients than it holds: nothing
// is accepted, so backlog + 1 handshakes complete and the remaining clients'
// SYNs (or final ACKs) are dropped. Clients are nonblocking and may still be
// in SYN_SENT.
struct NeverAccepting {
  UniqueFd listener;
  uint16_t port = 0;
  std::vector<UniqueFd> clients;
};

inline NeverAccepting never_accepting(Ip ip, int backlog, int clients) {
  NeverAccepting s;
  s.listener = tcp_listener(ip, backlog);
  s.port = local_port(s.listener);
  for (int i = 0; i < clients; ++i) s.clients.push_back(tcp_connect_start(ip, s.port));
  const auto held = static_cast<uint32_t>(backlog + 1);
  if (!wait_until([&] { return accept_queue_length(s.listener) == held; })) {
    throw std::runtime_error("accept queue stayed at " + std::to_string(accept_queue_length(s.listener)) + ", wanted " +
                             std::to_string(held));
  }
  return s;
}

// A connection whose reader stopped reading: a small receive buffer on the
// reader, a small send buffer on the writer, nonblocking writes until
// EAGAIN. The reader's window drops to zero and the writer's send buffer is
// full; once nothing is in flight the writer's persist timer probes the window.
struct StalledWriter {
  UniqueFd listener;
  UniqueFd writer;
  UniqueFd reader;
  uint16_t reader_port = 0;
  uint16_t writer_port = 0;
  size_t written = 0;
};

inline StalledWriter stalled_writer(Ip ip) {
  StalledWriter s;
  s.listener = new_socket(ip, SOCK_STREAM);
  // Set before listen() so the accepted socket inherits it from the start.
  set_int_option(s.listener, SOL_SOCKET, SO_RCVBUF, 4096, "SO_RCVBUF");
  bind_loopback(s.listener, ip);
  if (::listen(s.listener.get(), 4) != 0) throw_errno("listen");
  s.reader_port = local_port(s.listener);

  s.writer = new_socket(ip, SOCK_STREAM | SOCK_NONBLOCK);
  set_int_option(s.writer, SOL_SOCKET, SO_SNDBUF, 8192, "SO_SNDBUF");
  SockAddr a = loopback(ip, s.reader_port);
  if (::connect(s.writer.get(), a.get(), a.length) != 0 && errno != EINPROGRESS) throw_errno("connect");
  wait_readiness(s.writer, POLLOUT, "connect");
  s.writer_port = local_port(s.writer);
  s.reader = accept_one(s.listener);

  // Write until the kernel refuses, and again after a pause: data that was in
  // flight when the window closed is acknowledged and frees buffer space, so
  // only a refusal after the pause leaves the buffer at the kernel's limit.
  std::vector<char> chunk(4096, 'w');
  const auto deadline = std::chrono::steady_clock::now() + kWaitLimit;
  for (bool progressed = true; progressed;) {
    progressed = false;
    for (;;) {
      ssize_t n = ::send(s.writer.get(), chunk.data(), chunk.size(), MSG_NOSIGNAL);
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) throw_errno("send");
      if (n <= 0) break;
      s.written += static_cast<size_t>(n);
      progressed = true;
    }
    if (std::chrono::steady_clock::now() >= deadline) throw std::runtime_error("writer never filled its buffer");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return s;
}

// Bytes written and not yet acknowledged by the peer (SIOCOUTQ).
inline int unacked_bytes(const UniqueFd& fd) {
  int n = 0;
  if (::ioctl(fd.get(), SIOCOUTQ, &n) != 0) throw_errno("SIOCOUTQ");
  return n;
}

// The reader starts reading again: it reads until the writer's queue is empty.
inline void drain(const UniqueFd& reader, const UniqueFd& writer) {
  std::vector<char> buffer(65536);
  const bool drained = wait_until([&] {
    while (::recv(reader.get(), buffer.data(), buffer.size(), MSG_DONTWAIT) > 0) {
    }
    return unacked_bytes(writer) == 0 && unread_bytes(reader) == 0;
  });
  if (!drained) throw std::runtime_error("the writer's queue never drained");
}

}  // namespace sockscope::testing

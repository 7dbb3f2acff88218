// Scenarios the host-wide detector tests share: per-namespace sysctls, a
// listener on a chosen port, connections closed by the client first (TIME_WAIT
// on the client), and send queues filled against receivers that do not read.
#pragma once

#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "../states/socket_scenarios.h"
#include "detect/finding.h"
#include "netns_fixture.h"

namespace sockscope::testing {

// Sets a sysctl of the test's own namespace (it dies with the namespace).
inline void set_sysctl(const std::string& name, const std::string& value) {
  int status = 0;
  std::string output = run_command("sysctl -qw " + name + "='" + value + "' 2>&1", &status);
  if (status != 0) throw std::runtime_error("sysctl " + name + "=" + value + ": " + output);
}

inline UniqueFd listener_on(Ip ip, uint16_t port, int backlog) {
  UniqueFd fd = new_socket(ip, SOCK_STREAM);
  int on = 1;
  if (::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0) throw_errno("SO_REUSEADDR");
  bind_loopback(fd, ip, port);
  if (::listen(fd.get(), backlog) != 0) throw_errno("listen");
  return fd;
}

// One connection to `listener` that the client closes first, then the
// server: the client side ends in TIME_WAIT (or is destroyed at once when
// the timewait buckets are full). Returns the client's port.
inline uint16_t close_client_first(const UniqueFd& listener, Ip ip, uint16_t port) {
  UniqueFd client = tcp_connect(ip, port);
  const uint16_t client_port = local_port(client);
  UniqueFd server = accept_one(listener);
  shutdown_write(client);
  wait_tcp_state(server, TCP_CLOSE_WAIT, "server to CLOSE_WAIT");
  server.reset();
  wait_tcp_state(client, TCP_CLOSE, "client out of FIN_WAIT2");
  return client_port;
}

// Writes to the client end until its send buffer is full; the server end
// never reads, so the data sits in both queues. Returns the bytes written.
inline int64_t fill_until_blocked(const TcpConn& conn) {
  set_nonblocking(conn.client, true);
  std::vector<char> chunk(64 * 1024, 'm');
  int64_t total = 0;
  for (;;) {
    ssize_t n = ::send(conn.client.get(), chunk.data(), chunk.size(), MSG_NOSIGNAL);
    if (n > 0) {
      total += n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return total;
    throw_errno("send");
  }
}

// The first finding of `kind`, if any.
inline std::optional<Finding> first_of(const std::vector<Finding>& findings, const std::string& kind) {
  for (const Finding& f : findings) {
    if (f.kind == kind) return f;
  }
  return std::nullopt;
}

}  // namespace sockscope::testing

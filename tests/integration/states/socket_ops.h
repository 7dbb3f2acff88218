// Small RAII wrappers over the socket calls the scenarios need. Every failure
// throws: GoogleTest reports an exception thrown in a test body as a failure,
// and the UniqueFds already built are closed on the way out.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "util/unique_fd.h"

namespace sockscope::testing {

enum class Ip { V4, V6 };

// Bounded waits: long enough for loopback on a loaded 2-core CI box, short
// enough that a broken scenario fails fast.
inline constexpr std::chrono::milliseconds kWaitLimit{2000};
inline constexpr std::chrono::milliseconds kWaitStep{10};

[[noreturn]] inline void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// Calls `done` every kWaitStep until it returns true or `limit` passes.
template <typename Predicate>
bool wait_until(Predicate done, std::chrono::milliseconds limit = kWaitLimit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(kWaitStep);
  }
  return true;
}

// The loopback address of `ip` with `port`, ready for bind/connect.
struct SockAddr {
  sockaddr_storage storage{};
  socklen_t length = 0;
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

inline SockAddr loopback(Ip ip, uint16_t port) {
  SockAddr a;
  if (ip == Ip::V4) {
    auto* in = reinterpret_cast<sockaddr_in*>(&a.storage);
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.length = sizeof(sockaddr_in);
  } else {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    in6->sin6_addr = in6addr_loopback;
    a.length = sizeof(sockaddr_in6);
  }
  return a;
}

inline const char* loopback_text(Ip ip) { return ip == Ip::V4 ? "127.0.0.1" : "::1"; }

inline UniqueFd new_socket(Ip ip, int type) {
  UniqueFd fd(::socket(ip == Ip::V4 ? AF_INET : AF_INET6, type | SOCK_CLOEXEC, 0));
  if (!fd.valid()) throw_errno("socket");
  if (ip == Ip::V6) {
    // Keep v6 sockets v6-only so each socket is exactly one family.
    int on = 1;
    if (::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) != 0) throw_errno("IPV6_V6ONLY");
  }
  return fd;
}

// An IPv6 socket on the wildcard address that also takes IPv4 traffic, as
// IPv4-mapped addresses (::ffff:a.b.c.d).
inline UniqueFd dual_stack_socket(int type) {
  UniqueFd fd(::socket(AF_INET6, type | SOCK_CLOEXEC, 0));
  if (!fd.valid()) throw_errno("socket");
  int off = 0;
  if (::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off) != 0) throw_errno("IPV6_V6ONLY");
  sockaddr_in6 any{};
  any.sin6_family = AF_INET6;
  any.sin6_addr = in6addr_any;
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&any), sizeof any) != 0) throw_errno("bind [::]");
  return fd;
}

inline uint16_t local_port(const UniqueFd& fd) {
  sockaddr_storage s{};
  socklen_t len = sizeof s;
  if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&s), &len) != 0) throw_errno("getsockname");
  if (s.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&s)->sin_port);
  return ntohs(reinterpret_cast<sockaddr_in6*>(&s)->sin6_port);
}

inline uint64_t inode_of(const UniqueFd& fd) {
  struct stat st{};
  if (::fstat(fd.get(), &st) != 0) throw_errno("fstat");
  return st.st_ino;
}

inline void bind_loopback(const UniqueFd& fd, Ip ip, uint16_t port = 0) {
  SockAddr a = loopback(ip, port);
  if (::bind(fd.get(), a.get(), a.length) != 0) throw_errno("bind");
}

inline UniqueFd tcp_listener(Ip ip, int backlog = 16) {
  UniqueFd fd = new_socket(ip, SOCK_STREAM);
  bind_loopback(fd, ip);
  if (::listen(fd.get(), backlog) != 0) throw_errno("listen");
  return fd;
}

inline void set_nonblocking(const UniqueFd& fd, bool on) {
  int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags < 0) throw_errno("F_GETFL");
  flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
  if (::fcntl(fd.get(), F_SETFL, flags) != 0) throw_errno("F_SETFL");
}

// Starts a connect and returns at once: the socket may stay in SYN_SENT.
inline UniqueFd tcp_connect_start(Ip ip, uint16_t port) {
  UniqueFd fd = new_socket(ip, SOCK_STREAM | SOCK_NONBLOCK);
  SockAddr a = loopback(ip, port);
  if (::connect(fd.get(), a.get(), a.length) != 0 && errno != EINPROGRESS) throw_errno("connect");
  return fd;
}

inline void wait_readiness(const UniqueFd& fd, short events, const char* what) {
  pollfd p{fd.get(), events, 0};
  int n = ::poll(&p, 1, static_cast<int>(kWaitLimit.count()));
  if (n < 0) throw_errno(what);
  if (n == 0) throw std::runtime_error(std::string(what) + ": timed out");
}

// A completed connect; the returned socket is blocking.
inline UniqueFd tcp_connect(Ip ip, uint16_t port) {
  UniqueFd fd = tcp_connect_start(ip, port);
  wait_readiness(fd, POLLOUT, "connect");
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) throw_errno("SO_ERROR");
  if (err != 0) {
    errno = err;
    throw_errno("connect");
  }
  set_nonblocking(fd, false);
  return fd;
}

inline UniqueFd accept_one(const UniqueFd& listener) {
  wait_readiness(listener, POLLIN, "accept");
  UniqueFd fd(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  if (!fd.valid()) throw_errno("accept");
  return fd;
}

inline void write_bytes(const UniqueFd& fd, size_t count) {
  std::vector<char> data(count, 'x');
  size_t done = 0;
  while (done < count) {
    ssize_t n = ::send(fd.get(), data.data() + done, count - done, MSG_NOSIGNAL);
    if (n < 0) throw_errno("send");
    done += static_cast<size_t>(n);
  }
}

inline void shutdown_write(const UniqueFd& fd) {
  if (::shutdown(fd.get(), SHUT_WR) != 0) throw_errno("shutdown");
}

// The kernel's own view of an owned socket's state (TCP_INFO), independent of
// the collector; scenarios use it to sequence their steps.
inline int tcp_state_of(const UniqueFd& fd) {
  tcp_info info{};
  socklen_t len = sizeof info;
  if (::getsockopt(fd.get(), IPPROTO_TCP, TCP_INFO, &info, &len) != 0) throw_errno("TCP_INFO");
  return info.tcpi_state;
}

inline void wait_tcp_state(const UniqueFd& fd, int state, const char* what) {
  if (!wait_until([&] { return tcp_state_of(fd) == state; })) {
    throw std::runtime_error(std::string(what) + ": socket stayed in state " + std::to_string(tcp_state_of(fd)) +
                             ", wanted " + std::to_string(state));
  }
}

// A UDP socket bound to loopback on an ephemeral port.
inline UniqueFd udp_bound(Ip ip) {
  UniqueFd fd = new_socket(ip, SOCK_DGRAM);
  bind_loopback(fd, ip);
  return fd;
}

inline void udp_connect(const UniqueFd& fd, Ip ip, uint16_t port) {
  SockAddr a = loopback(ip, port);
  if (::connect(fd.get(), a.get(), a.length) != 0) throw_errno("connect (udp)");
}

inline void udp_send_to(const UniqueFd& fd, Ip ip, uint16_t port, size_t count) {
  std::vector<char> data(count, 'u');
  SockAddr a = loopback(ip, port);
  if (::sendto(fd.get(), data.data(), data.size(), 0, a.get(), a.length) != static_cast<ssize_t>(count)) {
    throw_errno("sendto");
  }
}

}  // namespace sockscope::testing

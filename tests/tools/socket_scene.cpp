// socket_scene: builds a fixed set of sockets in known states on loopback,
// signals readiness, and holds them until killed, so a recorder or a test can
// look at them. Run inside a fresh network namespace with lo up, as root.
// tests/data/netlink/README.md lists exactly what it makes.
//
// usage: socket_scene [--bulk PAIRS] READYFILE
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "util/unique_fd.h"

using sockscope::UniqueFd;

namespace {

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "socket_scene: %s: %s\n", what.c_str(), std::strerror(errno));
  std::exit(1);
}

sockaddr_storage address(int family, const char* ip, uint16_t port, socklen_t& len) {
  sockaddr_storage ss{};
  if (family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    inet_pton(AF_INET, ip, &a->sin_addr);
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(port);
    inet_pton(AF_INET6, ip, &a->sin6_addr);
    len = sizeof *a;
  }
  return ss;
}

UniqueFd make_socket(int family, int type) {
  UniqueFd fd(::socket(family, type | SOCK_CLOEXEC, 0));
  if (!fd.valid()) die("socket");
  int one = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  return fd;
}

void bind_to(const UniqueFd& fd, int family, const char* ip, uint16_t port) {
  socklen_t len;
  auto ss = address(family, ip, port, len);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0) die(std::string("bind ") + ip + ":" + std::to_string(port));
}

UniqueFd listener(int family, const char* ip, uint16_t port, int backlog, bool v6only = true) {
  UniqueFd fd = make_socket(family, SOCK_STREAM);
  if (family == AF_INET6) {
    int flag = v6only ? 1 : 0;
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &flag, sizeof flag);
  }
  bind_to(fd, family, ip, port);
  if (::listen(fd.get(), backlog) != 0) die("listen");
  return fd;
}

// Connects from a fixed source port to the same address (or `dst_ip`);
// `wait` false leaves a non-blocking connect in flight.
UniqueFd dial(int family, const char* ip, uint16_t src_port, uint16_t dst_port, bool wait = true,
              const char* dst_ip = nullptr) {
  UniqueFd fd = make_socket(family, SOCK_STREAM);
  bind_to(fd, family, ip, src_port);
  if (!wait) ::fcntl(fd.get(), F_SETFL, O_NONBLOCK);
  socklen_t len;
  auto ss = address(family, dst_ip ? dst_ip : ip, dst_port, len);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0 && !(errno == EINPROGRESS && !wait)) {
    die("connect to port " + std::to_string(dst_port));
  }
  return fd;
}

UniqueFd accept_one(const UniqueFd& lfd) {
  UniqueFd fd(::accept4(lfd.get(), nullptr, nullptr, SOCK_CLOEXEC));
  if (!fd.valid()) die("accept");
  return fd;
}

// Waits until the peer's FIN has arrived on `fd` (reads would return EOF).
void await_eof(const UniqueFd& fd) {
  pollfd p{fd.get(), POLLRDHUP, 0};
  if (::poll(&p, 1, 5000) != 1) die("waiting for FIN");
}

void write_all(const UniqueFd& fd, size_t n) {
  std::vector<char> data(n, 'x');
  if (::send(fd.get(), data.data(), n, 0) != static_cast<ssize_t>(n)) die("send");
}

}  // namespace

int main(int argc, char** argv) {
  long bulk = 0;
  const char* ready = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--bulk") == 0 && i + 1 < argc) {
      bulk = std::atol(argv[++i]);
    } else if (ready == nullptr) {
      ready = argv[i];
    } else {
      std::fprintf(stderr, "usage: socket_scene [--bulk PAIRS] READYFILE\n");
      return 2;
    }
  }
  if (ready == nullptr) {
    std::fprintf(stderr, "usage: socket_scene [--bulk PAIRS] READYFILE\n");
    return 2;
  }

  std::vector<UniqueFd> hold;
  auto keep = [&](UniqueFd fd) { hold.push_back(std::move(fd)); };

  // TCP over IPv4 on 127.0.0.1.
  UniqueFd l7000 = listener(AF_INET, "127.0.0.1", 7000, 16);
  {  // 40001: established; the server side holds 1000 unread bytes.
    UniqueFd c = dial(AF_INET, "127.0.0.1", 40001, 7000);
    UniqueFd s = accept_one(l7000);
    write_all(c, 1000);
    keep(std::move(c));
    keep(std::move(s));
  }
  {  // 40003: client shuts down sending -> client FIN_WAIT2, server CLOSE_WAIT.
    UniqueFd c = dial(AF_INET, "127.0.0.1", 40003, 7000);
    UniqueFd s = accept_one(l7000);
    if (::shutdown(c.get(), SHUT_WR) != 0) die("shutdown");
    await_eof(s);
    keep(std::move(c));
    keep(std::move(s));
  }
  {  // 40004: server closes first -> the server side lingers in TIME_WAIT.
    UniqueFd c = dial(AF_INET, "127.0.0.1", 40004, 7000);
    UniqueFd s = accept_one(l7000);
    s.reset();
    await_eof(c);
    c.reset();
  }
  {  // 40002: keepalive client, never accepted -> listener 7000 has 1 queued.
    UniqueFd c = dial(AF_INET, "127.0.0.1", 40002, 7000);
    int one = 1;
    if (::setsockopt(c.get(), SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one) != 0) die("SO_KEEPALIVE");
    keep(std::move(c));
  }
  keep(std::move(l7000));

  {  // 7001: listener bound to lo (ifindex 1).
    UniqueFd l = make_socket(AF_INET, SOCK_STREAM);
    if (::setsockopt(l.get(), SOL_SOCKET, SO_BINDTODEVICE, "lo", 3) != 0) die("SO_BINDTODEVICE");
    bind_to(l, AF_INET, "127.0.0.1", 7001);
    if (::listen(l.get(), 8) != 0) die("listen");
    keep(std::move(l));
  }
  {  // 7002: backlog 0 holds one queued connection (40005); the SYN of 40006 is dropped -> SYN_SENT.
    UniqueFd l = listener(AF_INET, "127.0.0.1", 7002, 0);
    keep(dial(AF_INET, "127.0.0.1", 40005, 7002));
    keep(dial(AF_INET, "127.0.0.1", 40006, 7002, false));
    keep(std::move(l));
  }

  // TCP over IPv6.
  {
    UniqueFd l = listener(AF_INET6, "::1", 7100, 32);
    UniqueFd c = dial(AF_INET6, "::1", 40101, 7100);
    UniqueFd s = accept_one(l);
    keep(std::move(l));
    keep(std::move(c));
    keep(std::move(s));
    keep(listener(AF_INET6, "::", 7101, 64, false));  // dual-stack wildcard
  }

  // UDP.
  {
    UniqueFd u = make_socket(AF_INET, SOCK_DGRAM);  // unconnected: state CLOSE
    bind_to(u, AF_INET, "127.0.0.1", 7200);
    UniqueFd c = make_socket(AF_INET, SOCK_DGRAM);  // connected: state ESTABLISHED
    bind_to(c, AF_INET, "127.0.0.1", 7201);
    socklen_t len;
    auto to = address(AF_INET, "127.0.0.1", 7200, len);
    if (::connect(c.get(), reinterpret_cast<sockaddr*>(&to), len) != 0) die("connect udp");
    write_all(c, 100);  // left unread in 7200's queue
    keep(std::move(u));
    keep(std::move(c));
    UniqueFd u6 = make_socket(AF_INET6, SOCK_DGRAM);
    bind_to(u6, AF_INET6, "::1", 7300);
    keep(std::move(u6));
  }

  // Optional bulk: many established pairs on 127.0.0.2 -> 127.0.0.1:7500.
  if (bulk > 0) {
    UniqueFd l = listener(AF_INET, "127.0.0.1", 7500, 4096);
    for (long i = 0; i < bulk; ++i) {
      keep(dial(AF_INET, "127.0.0.2", static_cast<uint16_t>(20000 + i), 7500, true, "127.0.0.1"));
      keep(accept_one(l));
    }
    keep(std::move(l));
  }

  if (FILE* f = std::fopen(ready, "w")) std::fclose(f);
  for (;;) ::pause();
}

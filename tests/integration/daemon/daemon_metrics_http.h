// A minimal HTTP/1.0 client for the metrics tests: one request on a fresh
// loopback connection, the whole response read until the server closes.
// Enough for sockscoped's /metrics and Prometheus's query API.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "util/unique_fd.h"

namespace sockscope::testing {

struct HttpReply {
  int status = 0;  // 0: no answer (connect failed, timeout, malformed)
  std::string headers;
  std::string body;
};

inline HttpReply http_request(uint16_t port, const std::string& method, const std::string& target,
                              std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  HttpReply reply;
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return reply;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) return reply;
  const std::string request = method + " " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  if (::send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
    return reply;
  }
  std::string raw;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return reply;
    pollfd pfd{fd.get(), POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) return reply;
    char chunk[16384];
    const ssize_t n = ::recv(fd.get(), chunk, sizeof chunk, 0);
    if (n < 0) return reply;
    if (n == 0) break;
    raw.append(chunk, static_cast<size_t>(n));
  }
  const size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos || !raw.starts_with("HTTP/1.")) return reply;
  reply.headers = raw.substr(0, head_end);
  reply.body = raw.substr(head_end + 4);
  reply.status = std::stoi(raw.substr(raw.find(' ') + 1, 3));
  return reply;
}

inline HttpReply http_get(uint16_t port, const std::string& target) { return http_request(port, "GET", target); }

// A TCP port on 127.0.0.1 that nothing listens on now.
inline uint16_t free_loopback_port() {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof addr;
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    return 0;
  }
  return ntohs(addr.sin_port);
}

// The value of the sample whose text up to the value is exactly `series`
// ("sockscope_polls_total", "sockscope_sockets{protocol=\"tcp\",...}"); -1 when absent.
inline double sample_value(const std::string& text, const std::string& series) {
  const std::string key = series + " ";
  size_t at = 0;
  while ((at = text.find(key, at)) != std::string::npos) {
    if (at == 0 || text[at - 1] == '\n')
      return std::stod(text.substr(at + key.size(), text.find('\n', at) - at - key.size()));
    at += key.size();
  }
  return -1;
}

}  // namespace sockscope::testing

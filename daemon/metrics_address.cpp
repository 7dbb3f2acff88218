#include "metrics_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <cstring>

namespace sockscope::daemon {

namespace {

Error bad(std::string_view text, std::string_view why) {
  return make_error("metrics listen address \"" + std::string(text) + "\": " + std::string(why) +
                    " (expected ADDR:PORT, e.g. 127.0.0.1:9977 or [::1]:9977)");
}

}  // namespace

Result<ListenAddress> parse_listen_address(std::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return bad(text, "no port");
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return bad(text, "the port must be a number from 0 to 65535");
  }

  ListenAddress address;
  address.text = std::string(text);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    const std::string inner(host.substr(1, host.size() - 2));
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(static_cast<uint16_t>(port));
    if (inet_pton(AF_INET6, inner.c_str(), &sin6.sin6_addr) != 1) return bad(text, "not an IPv6 address");
    std::memcpy(&address.storage, &sin6, sizeof sin6);
    address.length = sizeof sin6;
    address.ipv6 = true;
    return address;
  }
  if (host.find(':') != std::string_view::npos) return bad(text, "an IPv6 address needs brackets");
  const std::string host_text(host);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host_text.c_str(), &sin.sin_addr) != 1) return bad(text, "not a numeric IPv4 address");
  std::memcpy(&address.storage, &sin, sizeof sin);
  address.length = sizeof sin;
  return address;
}

}  // namespace sockscope::daemon

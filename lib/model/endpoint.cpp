#include "model/endpoint.h"

#include <arpa/inet.h>

namespace sockscope {

std::string_view family_name(Family f) { return f == Family::Inet ? "inet" : "inet6"; }
std::string_view proto_name(Proto p) { return p == Proto::Tcp ? "tcp" : "udp"; }

std::string format_address(Family f, const Endpoint& e) {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(f == Family::Inet ? AF_INET : AF_INET6, e.addr.data(), text, sizeof text);
  return text;
}

std::string format_endpoint(Family f, const Endpoint& e) {
  if (f == Family::Inet) return format_address(f, e) + ":" + std::to_string(e.port);
  return "[" + format_address(f, e) + "]:" + std::to_string(e.port);
}

bool is_unspecified(Family f, const Endpoint& e) {
  size_t len = f == Family::Inet ? 4 : 16;
  for (size_t i = 0; i < len; ++i) {
    if (e.addr[i] != 0) return false;
  }
  return true;
}

}  // namespace sockscope

#include "render/address_text.h"

#include <arpa/inet.h>

#include <cstring>

namespace sockscope {

void append_address(fmt::memory_buffer& out, Family family, const Endpoint& endpoint) {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(family == Family::Inet ? AF_INET : AF_INET6, endpoint.addr.data(), text, sizeof text);
  out.append(text, text + std::strlen(text));
}

void append_endpoint(fmt::memory_buffer& out, Family family, const Endpoint& endpoint) {
  if (family == Family::Inet6) out.push_back('[');
  append_address(out, family, endpoint);
  if (family == Family::Inet6) out.push_back(']');
  out.push_back(':');
  if (endpoint.port == 0) {
    out.push_back('*');
  } else {
    fmt::format_to(std::back_inserter(out), "{}", endpoint.port);
  }
}

}  // namespace sockscope

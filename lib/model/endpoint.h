// An address and port, IPv4 or IPv6, kept in network byte order as the kernel gives it.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace sockscope {

enum class Family : uint8_t { Inet, Inet6 };
enum class Proto : uint8_t { Tcp, Udp };

struct Endpoint {
  std::array<uint8_t, 16> addr{};  // IPv4 uses the first 4 bytes
  uint16_t port = 0;               // host byte order

  bool operator==(const Endpoint&) const = default;
};

std::string_view family_name(Family f);  // "inet", "inet6"
std::string_view proto_name(Proto p);    // "tcp", "udp"

// "10.0.0.1", "::1", "::ffff:10.0.0.1", "*" is not used: the unspecified address prints as 0.0.0.0 / ::
std::string format_address(Family f, const Endpoint& e);
// "10.0.0.1:80", "[::1]:80"
std::string format_endpoint(Family f, const Endpoint& e);

bool is_unspecified(Family f, const Endpoint& e);

}  // namespace sockscope

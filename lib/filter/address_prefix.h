// An address with an optional prefix length (CIDR), IPv4 or IPv6.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "model/endpoint.h"
#include "util/result.h"

namespace sockscope {

struct AddressPrefix {
  Family family = Family::Inet;
  std::array<uint8_t, 16> addr{};  // IPv4 uses the first 4 bytes
  uint8_t bits = 0;                // 0-32 or 0-128; a bare address is a full-length prefix

  bool operator==(const AddressPrefix&) const = default;
};

// "10.0.0.0/8", "10.1.2.3", "::1", "[::1]", "fe80::/10", "::ffff:10.0.0.0/104".
// Host bits past the prefix are allowed and ignored.
Result<AddressPrefix> parse_address_prefix(std::string_view text);

// An IPv4 prefix also matches IPv4-mapped IPv6 addresses (::ffff:a.b.c.d), and
// an IPv6 prefix inside ::ffff:0:0/96 matches the IPv4 addresses it maps.
bool prefix_matches(const AddressPrefix& prefix, Family family, const Endpoint& endpoint);

}  // namespace sockscope

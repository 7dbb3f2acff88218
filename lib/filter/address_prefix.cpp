#include "filter/address_prefix.h"

#include <arpa/inet.h>

#include <cstring>
#include <optional>
#include <string>

namespace sockscope {

namespace {

constexpr std::array<uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool is_v4_mapped(const uint8_t* addr) {
  return std::memcmp(addr, kMappedPrefix.data(), kMappedPrefix.size()) == 0;
}

// Whether the first `bits` bits of a and b agree.
bool leading_bits_equal(const uint8_t* a, const uint8_t* b, unsigned bits) {
  unsigned whole = bits / 8;
  if (std::memcmp(a, b, whole) != 0) return false;
  unsigned rest = bits % 8;
  if (rest == 0) return true;
  auto mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

// Decimal digits only, at most max_bits.
std::optional<unsigned> prefix_length(std::string_view text, unsigned max_bits) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  unsigned bits = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    bits = bits * 10 + static_cast<unsigned>(c - '0');
  }
  if (bits > max_bits) return std::nullopt;
  return bits;
}

Error bad_address(std::string_view text) {
  return make_error("bad address '" + std::string(text) + "' (expected IPv4 or IPv6, optionally /PREFIX)");
}

}  // namespace

Result<AddressPrefix> parse_address_prefix(std::string_view text) {
  std::string_view address = text;
  std::string_view length;
  bool has_length = false;
  if (auto slash = text.rfind('/'); slash != std::string_view::npos) {
    address = text.substr(0, slash);
    length = text.substr(slash + 1);
    has_length = true;
  }
  if (address.size() >= 2 && address.front() == '[' && address.back() == ']') {
    address = address.substr(1, address.size() - 2);
  }

  if (address.find('\0') != std::string_view::npos) return bad_address(text);

  AddressPrefix prefix;
  std::string address_text(address);  // inet_pton wants a terminated string
  if (inet_pton(AF_INET, address_text.c_str(), prefix.addr.data()) == 1) {
    prefix.family = Family::Inet;
  } else if (inet_pton(AF_INET6, address_text.c_str(), prefix.addr.data()) == 1) {
    prefix.family = Family::Inet6;
  } else {
    return bad_address(text);
  }

  unsigned max_bits = prefix.family == Family::Inet ? 32 : 128;
  prefix.bits = static_cast<uint8_t>(max_bits);
  if (has_length) {
    auto bits = prefix_length(length, max_bits);
    if (!bits) {
      return make_error("bad prefix length '" + std::string(length) + "' in '" + std::string(text) +
                        "' (expected 0-" + std::to_string(max_bits) +
                        (prefix.family == Family::Inet ? " for IPv4)" : " for IPv6)"));
    }
    prefix.bits = static_cast<uint8_t>(*bits);
  }
  return prefix;
}

bool prefix_matches(const AddressPrefix& prefix, Family family, const Endpoint& endpoint) {
  const uint8_t* want = prefix.addr.data();
  const uint8_t* have = endpoint.addr.data();
  if (prefix.family == family) return leading_bits_equal(want, have, prefix.bits);
  if (prefix.family == Family::Inet) {
    // An IPv6 socket's peer can be IPv4, seen as ::ffff:a.b.c.d.
    return is_v4_mapped(have) && leading_bits_equal(want, have + 12, prefix.bits);
  }
  if (prefix.bits < 96 || !is_v4_mapped(want)) return false;
  return leading_bits_equal(want + 12, have, prefix.bits - 96u);
}

}  // namespace sockscope

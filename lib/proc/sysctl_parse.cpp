// The pure sysctl value parsers declared in sysctl_reader.h.
#include <array>
#include <cstddef>
#include <string>

#include "proc/sysctl_reader.h"
#include "proc/text_fields.h"

namespace sockscope {

namespace {

constexpr int64_t kMaxPort = 65535;

// Exactly N integer fields, or an Error that quotes the text.
template <size_t N>
Result<std::array<int64_t, N>> parse_fields(std::string_view text) {
  const std::string expected = N == 1 ? "one integer" : std::to_string(N) + " integers";
  std::array<int64_t, N> values{};
  const size_t count = text::count_fields(text);
  if (count == 0) return make_error("empty, expected " + expected);
  if (count != N) return make_error("expected " + expected + ", got " + text::excerpt(text));
  std::string_view rest = text;
  for (auto& value : values) {
    std::string_view field = text::next_field(rest);
    auto number = text::to_int64(field);
    if (!number) return make_error("not a 64-bit integer: " + text::excerpt(field) + " in " + text::excerpt(text));
    value = *number;
  }
  return values;
}

}  // namespace

Result<Triple> parse_triple(std::string_view text) {
  auto fields = parse_fields<3>(text);
  if (!fields) return fields.error();
  auto [min, def, max] = *fields;
  return Triple{min, def, max};
}

Result<int64_t> parse_integer(std::string_view text) {
  auto fields = parse_fields<1>(text);
  if (!fields) return fields.error();
  return (*fields)[0];
}

Result<PortRange> parse_port_range(std::string_view text) {
  auto fields = parse_fields<2>(text);
  if (!fields) return fields.error();
  auto [low, high] = *fields;
  if (low < 0 || low > kMaxPort || high < 0 || high > kMaxPort)
    return make_error("port out of range 0-65535: " + text::excerpt(text));
  return PortRange{static_cast<uint32_t>(low), static_cast<uint32_t>(high)};
}

}  // namespace sockscope

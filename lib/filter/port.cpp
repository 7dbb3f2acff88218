#include "filter/port.h"

#include <string>

namespace sockscope {

Result<uint16_t> parse_port(std::string_view text) {
  bool digits_only = !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  if (!digits_only) return make_error("bad port '" + std::string(text) + "' (expected a number 0-65535)");
  uint32_t value = 0;
  for (char c : text) {
    value = value * 10 + static_cast<uint32_t>(c - '0');
    if (value > 65535) return make_error("port '" + std::string(text) + "' out of range (expected 0-65535)");
  }
  return static_cast<uint16_t>(value);
}

}  // namespace sockscope

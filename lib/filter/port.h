// Port numbers as a user types them.
#pragma once

#include <cstdint>
#include <string_view>

#include "util/result.h"

namespace sockscope {

// Decimal 0-65535, digits only: "80" -> 80; "http", "-1", "65536" -> Error naming the text.
Result<uint16_t> parse_port(std::string_view text);

}  // namespace sockscope

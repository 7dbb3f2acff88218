// Writing JSON strings straight into an output buffer.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace sockscope {

// Appends `text` as a quoted JSON string. Quotes, backslashes and control
// characters are escaped; bytes that are not valid UTF-8 (a process may name
// itself anything) become U+FFFD, so the output always parses.
void append_json_string(fmt::memory_buffer& out, std::string_view text);

}  // namespace sockscope

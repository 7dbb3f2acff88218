// Writing JSON strings straight into an output buffer.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace sockscope {

// Appends `text` as a quoted JSON string. Quotes, backslashes and control
// characters are escaped; bytes that are not valid UTF-8 (a process may name
// itself anything) become U+FFFD, so the output always parses.
void append_json_string(fmt::memory_buffer& out, std::string_view text);

// `text` with each byte append_json_string would replace (one that is not
// part of a valid UTF-8 sequence, such as the rest of a character the
// kernel's 15-byte cut of a process name split) replaced by U+FFFD, for
// formats that must be UTF-8 and cannot escape a byte, like Prometheus
// label values.
std::string valid_utf8(std::string_view text);

}  // namespace sockscope

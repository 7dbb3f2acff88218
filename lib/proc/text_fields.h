// Splitting /proc text into lines and whitespace-separated fields, and
// reading 64-bit integers from them. Shared by the sysctl and /proc/net parsers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sockscope::text {

// The next field of `rest` (spaces, tabs and newlines separate fields);
// `rest` advances past it. Empty when no field is left.
std::string_view next_field(std::string_view& rest);

// Fields left in `text`.
size_t count_fields(std::string_view text);

// The next line of `rest` without its '\n'; false when `rest` is used up.
bool next_line(std::string_view& rest, std::string_view& line);

// A whole field as a signed 64-bit decimal; nullopt for anything else
// (a sign other than a leading '-', trailing bytes, out of range).
std::optional<int64_t> to_int64(std::string_view field);

// `text` quoted for an error message, control bytes escaped and long text
// cut, so a garbage file cannot flood a log line.
std::string excerpt(std::string_view text);

}  // namespace sockscope::text

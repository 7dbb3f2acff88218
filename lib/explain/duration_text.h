// Durations and counts as explanations word them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sockscope {

// 4.3 -> "4.3 s", 42 -> "42 s", 924.6 -> "15 min 25 s", 7875 -> "2 h 11 min".
// Rounded to what a person needs: tenths below 10 s, whole units above.
std::string duration_text(double seconds);

// "1 connection", "3 connections": `singular` plus "s" unless count is 1.
std::string count_text(uint64_t count, std::string_view singular);

}  // namespace sockscope

#include "proc/text_fields.h"

#include <charconv>
#include <cstdio>

namespace sockscope::text {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

constexpr size_t kQuoteLimit = 60;

}  // namespace

std::string_view next_field(std::string_view& rest) {
  size_t begin = 0;
  while (begin < rest.size() && is_space(rest[begin])) ++begin;
  size_t end = begin;
  while (end < rest.size() && !is_space(rest[end])) ++end;
  std::string_view field = rest.substr(begin, end - begin);
  rest.remove_prefix(end);
  return field;
}

size_t count_fields(std::string_view text) {
  size_t count = 0;
  while (!next_field(text).empty()) ++count;
  return count;
}

bool next_line(std::string_view& rest, std::string_view& line) {
  if (rest.empty()) return false;
  size_t newline = rest.find('\n');
  if (newline == std::string_view::npos) {
    line = rest;
    rest = {};
  } else {
    line = rest.substr(0, newline);
    rest.remove_prefix(newline + 1);
  }
  return true;
}

std::optional<int64_t> to_int64(std::string_view field) {
  if (field.empty()) return std::nullopt;
  int64_t value = 0;
  const char* end = field.data() + field.size();
  auto [stop, ec] = std::from_chars(field.data(), end, value, 10);
  if (ec != std::errc{} || stop != end) return std::nullopt;
  return value;
}

std::string excerpt(std::string_view text) {
  std::string out = "'";
  size_t shown = 0;
  for (char c : text) {
    if (shown == kQuoteLimit) {
      out += "...";
      break;
    }
    ++shown;
    auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte >= 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  out += "'";
  return out;
}

}  // namespace sockscope::text

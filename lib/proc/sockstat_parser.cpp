// parse_sockstat: "PROTO: key value key value ..." lines.
#include <string>

#include "proc/netstat_reader.h"
#include "proc/text_fields.h"

namespace sockscope {

namespace {

// "TCP:" -> "TCP"; empty when the field is not a label.
std::string_view label_of(std::string_view field) {
  if (field.size() < 2 || field.back() != ':') return {};
  return field.substr(0, field.size() - 1);
}

}  // namespace

Result<void> parse_sockstat(std::string_view text, Sockstat& into) {
  // Parse into a scratch copy so bad text leaves `into` untouched.
  Sockstat parsed;
  std::string_view rest = text, line;
  while (text::next_line(rest, line)) {
    std::string_view fields = line;
    std::string_view first = text::next_field(fields);
    if (first.empty()) continue;
    std::string_view proto = label_of(first);
    if (proto.empty()) return make_error("sockstat: expected a 'PROTO:' label, got " + text::excerpt(line));
    auto& keys = parsed.lines[std::string(proto)];
    for (std::string_view key = text::next_field(fields); !key.empty(); key = text::next_field(fields)) {
      std::string_view value = text::next_field(fields);
      if (value.empty())
        return make_error("sockstat " + std::string(proto) + ": key " + text::excerpt(key) + " has no value");
      auto number = text::to_int64(value);
      if (!number)
        return make_error("sockstat " + std::string(proto) + ": " + std::string(key) +
                          " is not a 64-bit integer: " + text::excerpt(value));
      keys[std::string(key)] = *number;
    }
  }
  if (parsed.lines.empty()) return make_error("sockstat: no lines (empty text)");
  for (auto& [proto, keys] : parsed.lines)
    for (auto& [key, value] : keys) into.lines[proto][key] = value;
  return {};
}

}  // namespace sockscope

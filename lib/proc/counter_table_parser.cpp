// parse_counter_table: the header/value line pairs of /proc/net/netstat and
// /proc/net/snmp. Columns differ between kernels, so every value is matched
// to its header name rather than to a position.
#include <string>
#include <utility>
#include <vector>

#include "proc/netstat_reader.h"
#include "proc/text_fields.h"

namespace sockscope {

namespace {

bool is_blank(std::string_view line) {
  std::string_view rest = line;
  return text::next_field(rest).empty();
}

Error group_error(std::string_view group, const std::string& what) {
  return make_error("counter group " + text::excerpt(group) + ": " + what);
}

}  // namespace

Result<void> parse_counter_table(std::string_view text, Counters& into) {
  // Collected first and merged at the end, so bad text leaves `into` untouched.
  std::vector<std::pair<std::string, int64_t>> parsed;
  std::string_view rest = text, header;
  while (text::next_line(rest, header)) {
    std::string_view names = header;
    std::string_view label = text::next_field(names);
    if (label.empty()) continue;
    if (label.size() < 2 || label.back() != ':')
      return make_error("counter table: expected a 'Group:' label, got " + text::excerpt(header));
    std::string_view group = label.substr(0, label.size() - 1);

    std::string_view values_line;
    bool have_values = false;
    while (text::next_line(rest, values_line)) {
      if (!is_blank(values_line)) {
        have_values = true;
        break;
      }
    }
    std::string_view values = values_line;
    if (!have_values || text::next_field(values) != label)
      return group_error(group, "header line has no matching value line");

    size_t name_count = text::count_fields(names);
    size_t value_count = text::count_fields(values);
    if (name_count != value_count)
      return group_error(group, std::to_string(name_count) + " column names but " + std::to_string(value_count) +
                                    " values");
    for (size_t i = 0; i < name_count; ++i) {
      std::string_view name = text::next_field(names);
      std::string_view value = text::next_field(values);
      auto number = text::to_int64(value);
      if (!number)
        return group_error(group, std::string(name) + " is not a 64-bit integer: " + text::excerpt(value));
      std::string key;
      key.reserve(group.size() + 1 + name.size());
      key.append(group).append(".").append(name);
      parsed.emplace_back(std::move(key), *number);
    }
  }
  if (parsed.empty()) return make_error("counter table: no groups (empty text)");
  for (auto& [key, value] : parsed) into.values.insert_or_assign(std::move(key), value);
  return {};
}

}  // namespace sockscope

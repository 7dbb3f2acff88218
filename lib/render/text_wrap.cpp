#include "render/text_wrap.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <vector>

namespace sockscope {

namespace {

void append(fmt::memory_buffer& out, std::string_view text) { out.append(text.data(), text.data() + text.size()); }

// A number and its unit ("4.0 MiB", "25 s") stay on one line.
bool is_unit(std::string_view word) {
  static constexpr std::string_view kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "s", "s.", "s,", "s)", "min",
                                                "min.", "min,", "h", "d"};
  return std::find(std::begin(kUnits), std::end(kUnits), word) != std::end(kUnits);
}

// Words, with each unit joined to the number before it.
std::vector<std::string_view> unbreakable_groups(std::string_view text) {
  std::vector<std::string_view> groups;
  size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == ' ') {
      ++pos;
      continue;
    }
    size_t end = std::min(text.find(' ', pos), text.size());
    std::string_view word = text.substr(pos, end - pos);
    if (!groups.empty() && is_unit(word) && groups.back().data() + groups.back().size() + 1 == word.data() &&
        std::isdigit(static_cast<unsigned char>(groups.back().back()))) {
      groups.back() = std::string_view(groups.back().data(), groups.back().size() + 1 + word.size());
    } else {
      groups.push_back(word);
    }
    pos = end;
  }
  return groups;
}

}  // namespace

void append_wrapped(fmt::memory_buffer& out, std::string_view text, std::string_view first_prefix,
                    std::string_view rest_prefix, size_t width) {
  std::string_view prefix = first_prefix;
  size_t column = 0;
  bool line_has_word = false;
  auto start_line = [&] {
    append(out, prefix);
    column = prefix.size();
    line_has_word = false;
    prefix = rest_prefix;
  };
  start_line();
  for (std::string_view word : unbreakable_groups(text)) {
    if (line_has_word && column + 1 + word.size() > width) {
      out.push_back('\n');
      start_line();
    }
    if (line_has_word) {
      out.push_back(' ');
      ++column;
    }
    append(out, word);
    column += word.size();
    line_has_word = true;
  }
  out.push_back('\n');
}

}  // namespace sockscope

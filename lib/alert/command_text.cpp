#include "alert/command_text.h"

#include <string_view>

namespace sockscope::alert {

namespace {

bool plain(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                std::string_view("/._-+=:,@%").find(c) != std::string_view::npos;
    if (!safe) return false;
  }
  return true;
}

std::string quoted(std::string_view word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += '?';  // a control character would break the line
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

}  // namespace

std::string command_text(const std::vector<std::string>& argv) {
  std::string line;
  for (const std::string& word : argv) {
    if (!line.empty()) line += ' ';
    line += plain(word) ? word : quoted(word);
  }
  return line;
}

}  // namespace sockscope::alert

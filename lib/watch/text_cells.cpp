#include "watch/text_cells.h"

namespace sockscope::watch_text {

namespace {

bool continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp < 0xA0); }

// The length of a valid UTF-8 sequence at `pos` and its code point; 0 when
// the bytes there are not one (overlong forms and surrogates included).
size_t decode(std::string_view text, size_t pos, char32_t& cp) {
  auto byte = static_cast<unsigned char>(text[pos]);
  size_t length = 0;
  char32_t min = 0;
  if (byte < 0x80) {
    cp = byte;
    return 1;
  } else if ((byte & 0xE0) == 0xC0) {
    length = 2, cp = byte & 0x1F, min = 0x80;
  } else if ((byte & 0xF0) == 0xE0) {
    length = 3, cp = byte & 0x0F, min = 0x800;
  } else if ((byte & 0xF8) == 0xF0) {
    length = 4, cp = byte & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  for (size_t i = 1; i < length; ++i) {
    auto next = static_cast<unsigned char>(text[pos + i]);
    if (!continuation(next)) return 0;
    cp = cp << 6 | (next & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

// Byte offset just past the first `width` code points of printable text.
size_t offset_of_column(std::string_view text, size_t width) {
  size_t pos = 0, seen = 0;
  while (pos < text.size()) {
    if (!continuation(static_cast<unsigned char>(text[pos]))) {
      if (seen == width) break;
      ++seen;
    }
    ++pos;
  }
  return pos;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = 0;
    size_t length = decode(text, pos, cp);
    if (length == 0 || is_control(cp)) {
      out.push_back('?');
      pos += length == 0 ? 1 : length;
    } else {
      out.append(text.substr(pos, length));
      pos += length;
    }
  }
  return out;
}

size_t columns(std::string_view text) {
  size_t count = 0;
  for (char c : text) count += continuation(static_cast<unsigned char>(c)) ? 0 : 1;
  return count;
}

std::string cut(std::string_view text, size_t width) {
  return std::string(text.substr(0, offset_of_column(text, width)));
}

std::string left(std::string_view text, size_t width) {
  std::string out = cut(text, width);
  out.append(width - columns(out), ' ');
  return out;
}

std::string right(std::string_view text, size_t width) {
  std::string out = cut(text, width);
  return std::string(width - columns(out), ' ') + out;
}

std::string tail(std::string_view text, size_t width) {
  size_t total = columns(text);
  if (total <= width) return std::string(text);
  return std::string(text.substr(offset_of_column(text, total - width)));
}

std::string cut_middle(std::string_view text, size_t width) {
  size_t total = columns(text);
  if (total <= width) return std::string(text);
  if (width < 3) return cut(text, width);
  size_t tail_width = (width - 1) / 2;
  size_t head = width - 1 - tail_width;
  std::string out = cut(text, head);
  out.push_back('~');
  out.append(tail(text, tail_width));
  return out;
}

std::string without_last(std::string_view text) {
  size_t end = text.size();
  while (end > 0 && continuation(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(0, end > 0 ? end - 1 : 0));
}

std::string encode_printable(char32_t cp) {
  std::string out;
  if (is_control(cp) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return out;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | cp >> 6));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | cp >> 12));
    out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | cp >> 18));
    out.push_back(static_cast<char>(0x80 | (cp >> 12 & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return out;
}

}  // namespace sockscope::watch_text

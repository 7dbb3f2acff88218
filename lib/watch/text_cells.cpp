#include "watch/text_cells.h"

#include "watch/char_width.h"

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

// One code point of text: its bytes and the columns it takes.
struct Glyph {
  size_t length;
  size_t columns;
};

Glyph glyph_at(std::string_view text, size_t pos) {
  char32_t cp = 0;
  const size_t length = decode(text, pos, cp);
  if (length == 0) return {1, 1};  // not UTF-8: printable() shows such a byte as '?'
  return {length, char_columns(cp)};
}

// Byte offset just past the longest start of `text` that takes at most
// `width` columns. A wide character that would pass `width` is left out
// whole, and zero-width marks stay with the character before them.
size_t prefix_end(std::string_view text, size_t width) {
  size_t pos = 0, used = 0;
  while (pos < text.size()) {
    const Glyph glyph = glyph_at(text, pos);
    if (used + glyph.columns > width) break;
    used += glyph.columns;
    pos += glyph.length;
  }
  return pos;
}

// Byte offset where the shortest end of `text` that takes at most `width`
// columns starts (never inside a character, never at a mark that belongs
// to the character before it).
size_t suffix_start(std::string_view text, size_t width) {
  size_t remaining = columns(text), pos = 0;
  while (pos < text.size() && remaining > width) {
    const Glyph glyph = glyph_at(text, pos);
    remaining -= glyph.columns;
    pos += glyph.length;
  }
  while (pos < text.size() && glyph_at(text, pos).columns == 0) pos += glyph_at(text, pos).length;
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
  for (size_t pos = 0; pos < text.size();) {
    const Glyph glyph = glyph_at(text, pos);
    count += glyph.columns;
    pos += glyph.length;
  }
  return count;
}

std::string cut(std::string_view text, size_t width) { return std::string(text.substr(0, prefix_end(text, width))); }

std::string left(std::string_view text, size_t width) {
  std::string out = cut(text, width);
  out.append(width - columns(out), ' ');
  return out;
}

std::string right(std::string_view text, size_t width) {
  std::string out = cut(text, width);
  return std::string(width - columns(out), ' ') + out;
}

std::string tail(std::string_view text, size_t width) { return std::string(text.substr(suffix_start(text, width))); }

std::string cut_middle(std::string_view text, size_t width) {
  if (columns(text) <= width) return std::string(text);
  if (width < 3) return cut(text, width);
  const size_t tail_width = (width - 1) / 2;
  std::string out = cut(text, width - 1 - tail_width);
  // A wide character left out of the head leaves its column to the tail.
  const size_t tail_room = width - 1 - columns(out);
  out.push_back('~');
  out.append(tail(text, tail_room));
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

// Text measured and cut in terminal columns: a code point takes the columns
// char_columns() gives it (two for CJK and most emoji, none for a combining
// mark). Text is first made printable: control characters and bytes that
// are not valid UTF-8 become '?', so every character has a known width.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sockscope::watch_text {

// Every control character (C0, DEL, C1) and every invalid UTF-8 byte as '?'.
std::string printable(std::string_view text);

// Columns of printable text.
size_t columns(std::string_view text);

// The start of printable text that fits in `width` columns. A wide
// character is never split: when it would pass the edge it is left out, and
// the result is a column short.
std::string cut(std::string_view text, size_t width);

// Exactly `width` columns: cut, or padded with spaces on the right (left
// aligned) or on the left (right aligned).
std::string left(std::string_view text, size_t width);
std::string right(std::string_view text, size_t width);

// The end of printable text that fits in `width` columns (a column short
// when a wide character would pass the edge).
std::string tail(std::string_view text, size_t width);

// At most `width` columns, keeping both ends: "[2001:db8:~:1]:443". For
// text whose end matters as much as its start (ports, pids).
std::string cut_middle(std::string_view text, size_t width);

// The text with the last code point removed.
std::string without_last(std::string_view text);

// `code_point` as UTF-8; nothing for a control character or a value that is
// not a Unicode scalar.
std::string encode_printable(char32_t code_point);

}  // namespace sockscope::watch_text

// Builds one ScreenLine span by span, never past the screen's width: text
// is made printable and cut at the right edge as it is added.
#pragma once

#include <cstddef>
#include <string_view>

#include "watch/watch_screen.h"

namespace sockscope::watch_text {

class LineBuilder {
 public:
  explicit LineBuilder(size_t cols) : cols_(cols) {}

  // Appends what fits of `text`. When a wide character does not fit at the
  // right edge, a space of the same style takes its last column instead.
  LineBuilder& add(std::string_view text, Style style = Style::Normal);
  LineBuilder& add(const ScreenLine& line);
  // Spaces up to `column` (or the width).
  LineBuilder& pad_to(size_t column, Style style = Style::Normal);
  LineBuilder& fill(Style style) { return pad_to(cols_, style); }

  size_t used() const { return used_; }
  size_t room() const { return cols_ - used_; }

  ScreenLine take() { return std::move(line_); }

 private:
  void append(std::string text, Style style);

  size_t cols_;
  size_t used_ = 0;
  ScreenLine line_;
};

// A whole line of one style.
ScreenLine styled_line(std::string_view text, Style style, size_t cols);

}  // namespace sockscope::watch_text

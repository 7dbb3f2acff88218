#include "watch/line_builder.h"

#include <algorithm>
#include <string>
#include <utility>

#include "watch/text_cells.h"

namespace sockscope::watch_text {

void LineBuilder::append(std::string text, Style style) {
  if (text.empty()) return;
  used_ += columns(text);
  // Neighbours of one style stay one span, so the painter and the tests see runs.
  if (!line_.spans.empty() && line_.spans.back().style == style) {
    line_.spans.back().text += text;
  } else {
    line_.spans.push_back(Span{std::move(text), style});
  }
}

LineBuilder& LineBuilder::add(std::string_view text, Style style) {
  const std::string shown = printable(text);
  std::string fits = cut(shown, room());
  const bool cut_short = fits.size() < shown.size();
  append(std::move(fits), style);
  if (cut_short) pad_to(cols_, style);
  return *this;
}

LineBuilder& LineBuilder::add(const ScreenLine& line) {
  for (const Span& span : line.spans) add(span.text, span.style);
  return *this;
}

LineBuilder& LineBuilder::pad_to(size_t column, Style style) {
  column = std::min(column, cols_);
  if (column > used_) append(std::string(column - used_, ' '), style);
  return *this;
}

ScreenLine styled_line(std::string_view text, Style style, size_t cols) {
  return LineBuilder(cols).add(text, style).take();
}

}  // namespace sockscope::watch_text

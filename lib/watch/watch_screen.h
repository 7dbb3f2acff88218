// The watch screen as lines of styled text, laid out for a terminal of a
// given size. Pure: the terminal code paints it, tests read it. Every line
// fits in `cols` display columns (counted by text_cells.h: a CJK character
// or an emoji takes two; control characters are shown as '?').
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "watch/watch_state.h"

namespace sockscope {

enum class Style { Normal, Title, Heading, Dim, Good, Info, Warning, Critical, Selected, Input };

struct Span {
  std::string text;  // UTF-8
  Style style = Style::Normal;
};

struct ScreenLine {
  std::vector<Span> spans;
};

struct Screen {
  size_t rows = 0;
  size_t cols = 0;
  std::vector<ScreenLine> lines;  // exactly `rows` lines
  // Where the terminal cursor goes (the `/` prompt); hidden when unset.
  std::optional<std::pair<size_t, size_t>> cursor;  // row, column
};

Screen layout_watch(const WatchState& state, const WatchHost& host, size_t rows, size_t cols,
                    std::chrono::system_clock::time_point now);

// The rows the socket table, the findings list or the open pane gets at
// this size: what handle_key's page_rows is.
size_t page_rows(const WatchState& state, size_t rows, size_t cols);

// The text of a line without styles, for tests and for plain output.
std::string line_text(const ScreenLine& line);

}  // namespace sockscope

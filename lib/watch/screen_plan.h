// How the rows of the screen are shared out, decided in one place so that
// layout_watch() and page_rows() always agree.
#pragma once

#include <cstddef>

#include "watch/watch_state.h"

namespace sockscope::watch_text {

// Below this the screen only says it is too small.
inline constexpr size_t kMinRows = 10;
inline constexpr size_t kMinCols = 40;

struct ScreenPlan {
  bool too_small = false;
  size_t grid_columns = 2;  // state cells per line
  size_t grid_lines = 0;
  bool compact_grid = false;  // only the states with a count or a change, for lack of rows
  size_t finding_lines = 0;   // under the findings heading, with focus on the sockets
  // The scrolled part: table rows, the findings list, or the pane's text.
  size_t list_rows = 0;
};

ScreenPlan plan_screen(const WatchState& state, size_t rows, size_t cols);

// Whether a state's grid cell is worth a line when rows are short.
bool grid_cell_shown(const WatchState& state, TcpState tcp_state);

// The first row on screen: `selected` visible among `page` rows, and no
// blank rows at the bottom while there are rows above.
size_t visible_first(size_t first, size_t selected, size_t count, size_t page);

}  // namespace sockscope::watch_text

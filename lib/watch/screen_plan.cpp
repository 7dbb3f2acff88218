#include "watch/screen_plan.h"

#include <algorithm>

#include "watch/watch_figures.h"

namespace sockscope::watch_text {

namespace {

size_t lines_for(size_t cells, size_t columns) { return (cells + columns - 1) / columns; }

// Findings under the heading: 3 on a small terminal, more on a tall one.
size_t findings_budget(size_t rows) { return rows <= 30 ? 3 : rows / 8; }

}  // namespace

bool grid_cell_shown(const WatchState& state, TcpState tcp_state) {
  if (!state.frame) return false;
  return state.frame->status.tcp[tcp_state] != 0 ||
         count_change(state.frame->status.tcp, state.previous, tcp_state) != 0;
}

ScreenPlan plan_screen(const WatchState& state, size_t rows, size_t cols) {
  ScreenPlan plan;
  plan.grid_columns = cols >= 120 ? 3 : 2;
  if (rows < kMinRows || cols < kMinCols) {
    plan.too_small = true;
    return plan;
  }
  const size_t title_and_footer = 2;
  if (state.pane != WatchPane::None) {
    plan.list_rows = rows - title_and_footer - 1;  // under the pane's heading
    return plan;
  }
  if (!state.frame) return plan;

  const bool on_sockets = state.focus == WatchFocus::Sockets;
  const size_t min_list = on_sockets ? 2 : 3;
  // Title, footer, memory line, findings heading; the sockets bar and the
  // table header with focus on the sockets.
  const size_t fixed = title_and_footer + 2 + (on_sockets ? 2 : 0);
  size_t spare = rows - fixed - min_list;

  size_t shown_cells = 0;
  for (TcpState s : kGridStates) shown_cells += grid_cell_shown(state, s) ? 1 : 0;
  const size_t full_lines = lines_for(kGridStates.size(), plan.grid_columns);
  const size_t compact_lines = lines_for(shown_cells, plan.grid_columns);

  plan.grid_lines = std::min(compact_lines, spare);
  spare -= plan.grid_lines;
  if (on_sockets) {
    plan.finding_lines = std::min({findings_budget(rows), state.frame->findings.size(), spare});
    spare -= plan.finding_lines;
  }
  if (full_lines - plan.grid_lines <= spare) {
    spare -= full_lines - plan.grid_lines;
    plan.grid_lines = full_lines;
  } else {
    plan.compact_grid = true;
  }
  plan.list_rows = min_list + spare;
  return plan;
}

size_t visible_first(size_t first, size_t selected, size_t count, size_t page) {
  page = std::max<size_t>(page, 1);
  if (selected < first) first = selected;
  if (selected >= first + page) first = selected - page + 1;
  if (count > page) {
    first = std::min(first, count - page);
  } else {
    first = 0;
  }
  return first;
}

}  // namespace sockscope::watch_text

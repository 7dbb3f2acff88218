#include "watch/watch_screen.h"

#include <iterator>

#include "watch/line_builder.h"
#include "watch/screen_plan.h"
#include "watch/screen_sections.h"

namespace sockscope {

namespace {

using watch_text::footer;
using watch_text::plan_screen;
using watch_text::ScreenPlan;
using watch_text::styled_line;

void append(std::vector<ScreenLine>& lines, std::vector<ScreenLine> more) {
  lines.insert(lines.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

}  // namespace

Screen layout_watch(const WatchState& state, const WatchHost& host, size_t rows, size_t cols,
                    std::chrono::system_clock::time_point now) {
  Screen screen;
  screen.rows = rows;
  screen.cols = cols;
  const ScreenPlan plan = plan_screen(state, rows, cols);
  if (plan.too_small) {
    screen.lines.resize(rows);
    if (rows > 0) screen.lines[0] = styled_line("terminal too small", Style::Warning, cols);
    return screen;
  }

  std::vector<ScreenLine>& lines = screen.lines;
  lines.push_back(watch_text::title_line(state, host, cols, now));
  if (state.pane != WatchPane::None) {
    append(lines, watch_text::pane(state, plan, cols));
  } else if (state.frame) {
    append(lines, watch_text::state_grid(state, plan, cols));
    lines.push_back(watch_text::memory_line(*state.frame, cols));
    append(lines, watch_text::findings_summary(state, plan, cols));
    if (state.focus == WatchFocus::Sockets) {
      append(lines, watch_text::socket_table(state, plan, cols));
    } else {
      append(lines, watch_text::findings_list(state, plan, cols));
    }
  }
  lines.resize(rows - 1);
  // A rejected filter keeps its prompt on the last line, so the message
  // saying what was wrong with it goes just above.
  if (state.filter_input && !state.message.empty()) lines.back() = styled_line(state.message, Style::Warning, cols);
  lines.push_back(footer(state, rows - 1, cols, screen.cursor));
  return screen;
}

size_t page_rows(const WatchState& state, size_t rows, size_t cols) {
  return plan_screen(state, rows, cols).list_rows;
}

std::string line_text(const ScreenLine& line) {
  std::string text;
  for (const Span& span : line.spans) text += span.text;
  return text;
}

}  // namespace sockscope

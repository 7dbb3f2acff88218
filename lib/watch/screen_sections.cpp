#include "watch/screen_sections.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "render/sparkline.h"
#include "watch/line_builder.h"
#include "watch/socket_columns.h"
#include "watch/table_window.h"
#include "watch/text_cells.h"
#include "watch/watch_figures.h"

namespace sockscope::watch_text {

namespace {

constexpr std::string_view kPaused = "PAUSED";
constexpr size_t kNameWidth = 11, kCountWidth = 7, kChangeWidth = 6;
constexpr size_t kCellTextWidth = kNameWidth + 1 + kCountWidth + 1 + kChangeWidth + 1;
constexpr size_t kMinSparkline = 4;

// "0.4s" below ten seconds, whole seconds above.
std::string poll_age(std::chrono::system_clock::time_point taken_at, std::chrono::system_clock::time_point now) {
  double seconds = std::max(0.0, std::chrono::duration<double>(now - taken_at).count());
  if (seconds < 10) return fmt::format("{:.1f}s", seconds);
  return fmt::format("{}s", static_cast<uint64_t>(seconds));
}

ScreenLine grid_cell(const WatchState& state, TcpState tcp_state, size_t width) {
  const WatchFrame& frame = *state.frame;
  const uint64_t count = frame.status.tcp[tcp_state];
  const int64_t change = count_change(frame.status.tcp, state.previous, tcp_state);
  LineBuilder cell(width);
  cell.add(left(tcp_state_name(tcp_state), kNameWidth) + " " + right(std::to_string(count), kCountWidth) + " ",
           count == 0 ? Style::Dim : Style::Normal);
  cell.add(left(change_text(change), kChangeWidth), change == 0 ? Style::Normal : Style::Info);
  cell.add(" ");
  const auto& trend = frame.trend[static_cast<size_t>(tcp_state)];
  if (width > kCellTextWidth + kMinSparkline && !trend.empty()) {
    cell.add(sparkline(bucket_max(trend, width - kCellTextWidth - 1)));
  }
  return cell.take();
}

ScreenLine finding_row(const Finding& finding, bool selected, size_t cols) {
  LineBuilder line(cols);
  line.add(finding_line(finding, "  "), selected ? Style::Selected : severity_style(finding.severity));
  if (selected) line.fill(Style::Selected);
  return line.take();
}

std::string rows_on_screen(size_t first, size_t shown) {
  return shown == 0 ? std::string("none") : fmt::format("{}-{}", first + 1, first + shown);
}

}  // namespace

ScreenLine title_line(const WatchState& state, const WatchHost& host, size_t cols,
                      std::chrono::system_clock::time_point now) {
  std::string text = fmt::format("sockscope  {}  {}  ", host.host, host.kernel);
  if (state.frame) {
    text += fmt::format("{}  polled {} ago in {}", mode_text(*state.frame), poll_age(state.frame->status.taken_at, now),
                        duration_ms(state.frame->status.poll_duration));
  } else {
    text += "waiting for the first poll";
  }
  // PAUSED keeps its place at the right; the rest is cut to leave it room.
  const size_t reserved = state.paused ? kPaused.size() + 1 : 0;
  LineBuilder line(cols);
  line.add(cut(printable(text), cols > reserved ? cols - reserved : 0), Style::Title);
  line.pad_to(cols - (state.paused ? std::min(cols, kPaused.size()) : 0), Style::Title);
  if (state.paused) line.add(kPaused, Style::Warning);
  return line.take();
}

std::vector<ScreenLine> state_grid(const WatchState& state, const ScreenPlan& plan, size_t cols) {
  std::vector<TcpState> cells;
  for (TcpState s : kGridStates) {
    if (!plan.compact_grid || grid_cell_shown(state, s)) cells.push_back(s);
  }
  const size_t per_line = plan.grid_columns;
  const size_t cell_width = cols / per_line;
  std::vector<ScreenLine> lines;
  for (size_t row = 0; row < plan.grid_lines; ++row) {
    LineBuilder line(cols);
    for (size_t column = 0; column < per_line; ++column) {
      size_t index = row * per_line + column;
      if (index >= cells.size()) break;
      line.pad_to(column * cell_width);
      line.add(grid_cell(state, cells[index], cell_width));
    }
    lines.push_back(line.take());
  }
  return lines;
}

ScreenLine memory_line(const WatchFrame& frame, size_t cols) {
  LineBuilder line(cols);
  for (const Span& span : memory_spans(frame.status)) line.add(span.text, span.style);
  return line.take();
}

std::vector<ScreenLine> findings_summary(const WatchState& state, const ScreenPlan& plan, size_t cols) {
  const auto& findings = state.frame->findings;
  std::string heading = "Findings: " + findings_count(findings);
  if (state.focus == WatchFocus::Findings) heading += "  (Enter details, f back)";
  std::vector<ScreenLine> lines;
  lines.push_back(styled_line(heading, findings.empty() ? Style::Good : Style::Heading, cols));
  const size_t shown = plan.finding_lines;
  for (size_t i = 0; i < shown; ++i) {
    if (i + 1 == shown && findings.size() > shown) {
      lines.push_back(
          styled_line(fmt::format("... {} more (f to list)", findings.size() - (shown - 1)), Style::Dim, cols));
    } else {
      lines.push_back(finding_row(findings[i], false, cols));
    }
  }
  return lines;
}

std::vector<ScreenLine> findings_list(const WatchState& state, const ScreenPlan& plan, size_t cols) {
  const auto& findings = state.frame->findings;
  std::vector<ScreenLine> lines;
  if (findings.empty()) {
    lines.push_back(styled_line("no findings", Style::Dim, cols));
    return lines;
  }
  const size_t first = visible_first(state.findings_first, state.finding_selected, findings.size(), plan.list_rows);
  for (size_t i = first; i < findings.size() && i < first + plan.list_rows; ++i) {
    lines.push_back(finding_row(findings[i], i == state.finding_selected, cols));
  }
  return lines;
}

std::vector<ScreenLine> socket_table(const WatchState& state, const ScreenPlan& plan, size_t cols) {
  const WatchFrame& frame = *state.frame;
  const size_t total = static_cast<size_t>(listing_size(frame));
  const size_t first = visible_first(state.first_row, state.selected, total, plan.list_rows);
  const size_t shown = std::min(plan.list_rows, total - std::min(first, total));

  std::string bar = fmt::format("Sockets: {} match  sort {}", frame.sockets_matched, watch_sort_name(state.sort));
  if (!state.filter_line.empty()) bar += "  filter: " + state.filter_line;
  bar += "  " + rows_on_screen(first, shown);

  std::vector<ScreenLine> lines;
  lines.push_back(styled_line(bar, Style::Heading, cols));
  const TableColumns columns = table_columns(cols);
  lines.push_back(styled_line(table_header(columns), Style::Heading, cols));
  if (total == 0) {
    lines.push_back(styled_line(state.filter_line.empty() ? "no sockets" : "no sockets match", Style::Dim, cols));
    return lines;
  }
  for (size_t position = first; position < first + shown; ++position) {
    const bool selected = position == state.selected;
    LineBuilder line(cols);
    // A row not fetched (its window is still being asked for) stays blank.
    if (auto i = fetched_index(frame, position)) {
      std::optional<double> age = *i < frame.sockets.ages.size() ? frame.sockets.ages[*i] : std::nullopt;
      line.add(table_row(columns, frame.sockets.sockets[*i], age, frame.sockets.processes),
               selected ? Style::Selected : Style::Normal);
    }
    if (selected) line.fill(Style::Selected);
    lines.push_back(line.take());
  }
  return lines;
}

std::vector<ScreenLine> pane(const WatchState& state, const ScreenPlan& plan, size_t cols) {
  std::vector<ScreenLine> lines;
  lines.push_back(styled_line(state.pane_title, Style::Heading, cols));
  for (size_t i = state.pane_first; i < state.pane_lines.size() && i < state.pane_first + plan.list_rows; ++i) {
    lines.push_back(styled_line(state.pane_lines[i], Style::Normal, cols));
  }
  return lines;
}

ScreenLine footer(const WatchState& state, size_t row, size_t cols, std::optional<std::pair<size_t, size_t>>& cursor) {
  constexpr std::string_view kPrompt = "filter: ";
  if (state.filter_input) {
    // The end of a long filter stays in view, with a column left for the cursor.
    const size_t room = cols > kPrompt.size() + 1 ? cols - kPrompt.size() - 1 : 0;
    std::string text = std::string(kPrompt) + tail(printable(*state.filter_input), room);
    cursor = std::make_pair(row, std::min(columns(text), cols > 0 ? cols - 1 : 0));
    return styled_line(text, Style::Input, cols);
  }
  if (!state.message.empty()) return styled_line(state.message, Style::Warning, cols);
  if (state.source_error) return styled_line(*state.source_error, Style::Critical, cols);
  if (state.pane != WatchPane::None) return styled_line("Esc close  arrows scroll  q quit", Style::Dim, cols);
  return styled_line("q quit  s sort  / filter  arrows move  e explain  f findings  p pause  ? help", Style::Dim,
                     cols);
}

}  // namespace sockscope::watch_text

#include "watch/watch_state.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "render/text_wrap.h"
#include "watch/screen_plan.h"
#include "watch/table_window.h"
#include "watch/text_cells.h"

namespace sockscope {

namespace {

using watch_text::visible_first;

// The position of the row holding `cookie`, if it was fetched.
std::optional<size_t> row_of(const WatchFrame& frame, uint64_t cookie) {
  const auto& sockets = frame.sockets.sockets;
  for (size_t i = 0; i < sockets.size(); ++i) {
    if (sockets[i].cookie == cookie) return static_cast<size_t>(frame.sockets_offset) + i;
  }
  return std::nullopt;
}

std::optional<size_t> finding_of(const WatchFrame& frame, const std::string& id) {
  const auto& findings = frame.findings;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (findings[i].id == id) return i;
  }
  return std::nullopt;
}

// Moves `selected` to `found` (or clamps it), keeping its place on screen.
void reselect(size_t& selected, size_t& first, std::optional<size_t> found, size_t count) {
  const size_t offset = selected >= first ? selected - first : 0;
  if (found) {
    selected = *found;
    first = selected >= offset ? selected - offset : 0;
    return;
  }
  selected = count == 0 ? 0 : std::min(selected, count - 1);
  first = std::min(first, selected);
}

void show_frame(WatchState& state, WatchFrame frame) {
  std::optional<uint64_t> cookie;
  std::optional<std::string> finding_id;
  if (!state.frame || state.frame->status.taken_at != frame.status.taken_at) ++state.polls_shown;
  if (state.frame) {
    const auto index = fetched_index(*state.frame, state.selected);
    if (state.user_moved && index && state.frame->sockets.sockets[*index].cookie != 0) {
      cookie = state.frame->sockets.sockets[*index].cookie;
    }
    if (state.finding_selected < state.frame->findings.size()) {
      finding_id = state.frame->findings[state.finding_selected].id;
    }
    state.previous = state.frame->status.tcp;
  }
  state.frame = std::move(frame);
  if (state.user_moved) {
    reselect(state.selected, state.first_row, cookie ? row_of(*state.frame, *cookie) : std::nullopt,
             static_cast<size_t>(listing_size(*state.frame)));
  } else {
    state.selected = state.first_row = 0;
  }
  reselect(state.finding_selected, state.findings_first,
           finding_id ? finding_of(*state.frame, *finding_id) : std::nullopt, state.frame->findings.size());
}

// Tabs to the next multiple of eight columns: a tab has no single width.
std::string expand_tabs(std::string_view line) {
  std::string out;
  for (char c : line) {
    if (c == '\t') {
      out.append(8 - watch_text::columns(out) % 8, ' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// One line of pane text as lines of at most `width` columns: wrapped at
// spaces under its own indentation, and a word longer than a line split.
void wrap_line(std::string_view raw, size_t width, std::vector<std::string>& out) {
  std::string line = watch_text::printable(expand_tabs(raw));
  if (watch_text::columns(line) <= width) {
    out.push_back(std::move(line));
    return;
  }
  size_t indent = line.find_first_not_of(' ');
  if (indent == std::string::npos || indent >= width / 2) indent = 0;
  fmt::memory_buffer wrapped;
  std::string prefix(indent, ' ');
  append_wrapped(wrapped, std::string_view(line).substr(indent), prefix, prefix, width);
  std::string_view text(wrapped.data(), wrapped.size());
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string piece(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    while (watch_text::columns(piece) > width) {
      std::string head = watch_text::cut(piece, width);
      if (head.empty()) break;  // a wide character wider than the pane: shown cut by the screen
      piece = piece.substr(head.size());
      out.push_back(std::move(head));
    }
    out.push_back(std::move(piece));
  }
}

}  // namespace

std::string_view watch_sort_name(WatchSort sort) {
  switch (sort) {
    case WatchSort::Age: return "age";
    case WatchSort::RecvQ: return "recvq";
    case WatchSort::SendQ: return "sendq";
    case WatchSort::State: break;
  }
  return "state";
}

void apply_frame(WatchState& state, WatchFrame frame) {
  state.source_error.reset();
  if (state.paused) {
    state.held = std::move(frame);
    return;
  }
  show_frame(state, std::move(frame));
}

void apply_source_error(WatchState& state, std::string error) { state.source_error = std::move(error); }

void fit_to_page(WatchState& state, size_t page_rows) {
  const size_t sockets = state.frame ? static_cast<size_t>(listing_size(*state.frame)) : 0;
  const size_t findings = state.frame ? state.frame->findings.size() : 0;
  state.selected = sockets == 0 ? 0 : std::min(state.selected, sockets - 1);
  state.first_row = visible_first(state.first_row, state.selected, sockets, page_rows);
  state.finding_selected = findings == 0 ? 0 : std::min(state.finding_selected, findings - 1);
  state.findings_first = visible_first(state.findings_first, state.finding_selected, findings, page_rows);
  const size_t lines = state.pane_lines.size();
  state.pane_first = lines > page_rows ? std::min(state.pane_first, lines - page_rows) : 0;
}

std::optional<uint64_t> selected_cookie(const WatchState& state) {
  if (!state.frame) return std::nullopt;
  const auto index = fetched_index(*state.frame, state.selected);
  if (!index) return std::nullopt;
  return state.frame->sockets.sockets[*index].cookie;
}

void show_pane(WatchState& state, WatchPane pane, std::string title, std::string_view text, size_t width) {
  width = std::max<size_t>(width, watch_text::kMinCols);
  state.pane = pane;
  state.pane_title = std::move(title);
  state.pane_first = 0;
  state.pane_lines.clear();
  while (!text.empty()) {
    size_t end = text.find('\n');
    wrap_line(text.substr(0, end), width, state.pane_lines);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
}

}  // namespace sockscope

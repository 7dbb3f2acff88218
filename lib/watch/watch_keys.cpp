// handle_key(): what each key does, by mode: the filter prompt, an open
// pane, or the sockets / findings lists.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>

#include "filter/filter_words.h"
#include "render/findings_text.h"
#include "watch/screen_plan.h"
#include "watch/table_window.h"
#include "watch/text_cells.h"
#include "watch/watch_state.h"

namespace sockscope {

namespace {

using Kind = Key::Kind;

constexpr std::string_view kHelpText =
    "q          quit\n"
    "s          next sort: age, recvq, sendq, state\n"
    "/          type a filter: state, sport, dport, src, dst, process, tcp, udp, 4, 6\n"
    "Up, Down   move the selection by one row\n"
    "PgUp, PgDn move the selection by a page\n"
    "Home, End  go to the first or the last row\n"
    "Enter, e   explain the selected socket, or show the selected finding\n"
    "f          move the focus to the findings and back to the sockets\n"
    "p          pause refreshing, or resume it and show the newest poll\n"
    "?          show or close this help\n"
    "Esc        close a pane, or cancel the filter being typed\n";

bool is_char(const Key& key, char32_t c) { return key.kind == Kind::Char && key.ch == c; }

bool is_move(const Key& key) {
  switch (key.kind) {
    case Kind::Up:
    case Kind::Down:
    case Kind::PageUp:
    case Kind::PageDown:
    case Kind::Home:
    case Kind::End: return true;
    default: return false;
  }
}

// Moves a selection in a list of `count` rows and keeps it on screen.
void move_in_list(const Key& key, size_t& selected, size_t& first, size_t count, size_t page) {
  if (count == 0) {
    selected = first = 0;
    return;
  }
  const size_t last = count - 1;
  switch (key.kind) {
    case Kind::Up: selected = selected > 0 ? selected - 1 : 0; break;
    case Kind::Down: selected = std::min(selected + 1, last); break;
    case Kind::PageUp:
      selected = selected > page ? selected - page : 0;
      first = first > page ? first - page : 0;
      break;
    case Kind::PageDown:
      selected = std::min(selected + page, last);
      first += page;
      break;
    case Kind::Home: selected = 0; break;
    case Kind::End: selected = last; break;
    default: return;
  }
  first = watch_text::visible_first(first, selected, count, page);
}

// Scrolls a pane's text, whose last screenful starts at `lines - page`.
void scroll_pane(const Key& key, WatchState& state, size_t page) {
  const size_t lines = state.pane_lines.size();
  const size_t last_first = lines > page ? lines - page : 0;
  size_t& first = state.pane_first;
  switch (key.kind) {
    case Kind::Up: first = first > 0 ? first - 1 : 0; break;
    case Kind::Down: first = first + 1; break;
    case Kind::PageUp: first = first > page ? first - page : 0; break;
    case Kind::PageDown: first = first + page; break;
    case Kind::Home: first = 0; break;
    case Kind::End: first = last_first; break;
    default: break;
  }
  first = std::min(first, last_first);
}

// A new order or filter: the table starts over at the top, now and when
// the rows it asks for arrive.
void start_at_top(WatchState& state) {
  state.selected = state.first_row = 0;
  state.user_moved = false;
}

WatchAction prompt_key(WatchState& state, const Key& key) {
  std::string& text = *state.filter_input;
  switch (key.kind) {
    case Kind::Char: text += watch_text::encode_printable(key.ch); break;
    case Kind::Backspace: text = watch_text::without_last(text); break;
    case Kind::Escape: state.filter_input.reset(); break;
    case Kind::Enter: {
      auto parsed = parse_filter_line(text);
      if (!parsed) {
        state.message = "filter: " + parsed.error().message;
        break;
      }
      const size_t begin = text.find_first_not_of(' ');
      state.filter_line = begin == std::string::npos ? "" : text.substr(begin, text.find_last_not_of(' ') + 1 - begin);
      state.filter = std::move(parsed->args);
      state.filter_input.reset();
      start_at_top(state);
      return WatchAction::Refetch;
    }
    default: break;
  }
  return WatchAction::None;
}

WatchAction pane_key(WatchState& state, const Key& key, size_t page) {
  const bool closes = key.kind == Kind::Escape ||
                      (state.pane == WatchPane::Explain && (key.kind == Kind::Enter || is_char(key, 'e'))) ||
                      (state.pane == WatchPane::Help && is_char(key, '?'));
  if (closes) {
    state.pane = WatchPane::None;
    state.pane_lines.clear();
    state.pane_title.clear();
    state.pane_first = 0;
    return WatchAction::None;
  }
  if (is_char(key, 'q')) return WatchAction::Quit;
  scroll_pane(key, state, page);
  return WatchAction::None;
}

WatchAction move_key(WatchState& state, const Key& key, size_t page) {
  if (!state.frame) return WatchAction::None;
  if (state.focus == WatchFocus::Findings) {
    move_in_list(key, state.finding_selected, state.findings_first, state.frame->findings.size(), page);
    return WatchAction::None;
  }
  // The whole listing, fetched or not: End goes to its last row, and the
  // rows around the new position are fetched when they are missing.
  move_in_list(key, state.selected, state.first_row, static_cast<size_t>(listing_size(*state.frame)), page);
  // Back on the first row the table follows its top again.
  state.user_moved = state.selected != 0;
  return needs_rows(state, page) ? WatchAction::Refetch : WatchAction::None;
}

WatchAction open_key(WatchState& state, size_t cols) {
  if (!state.frame) return WatchAction::None;
  if (state.focus == WatchFocus::Sockets) {
    return fetched_index(*state.frame, state.selected) ? WatchAction::Explain : WatchAction::None;
  }
  if (state.finding_selected >= state.frame->findings.size()) return WatchAction::None;
  const Finding& finding = state.frame->findings[state.finding_selected];
  fmt::memory_buffer text;
  // Ages as of the poll that reported the finding.
  render_findings_report(text, {finding}, state.frame->status.taken_at, cols);
  show_pane(state, WatchPane::Finding, fmt::format("Finding: {} {}", finding.kind, finding.subject),
            std::string_view(text.data(), text.size()), cols);
  return WatchAction::None;
}

WatchSort next_sort(WatchSort sort) {
  switch (sort) {
    case WatchSort::Age: return WatchSort::RecvQ;
    case WatchSort::RecvQ: return WatchSort::SendQ;
    case WatchSort::SendQ: return WatchSort::State;
    case WatchSort::State: break;
  }
  return WatchSort::Age;
}

}  // namespace

WatchAction handle_key(WatchState& state, const Key& key, size_t page_rows, size_t cols) {
  state.message.clear();
  const size_t page = std::max<size_t>(page_rows, 1);
  if (state.filter_input) return prompt_key(state, key);
  if (state.pane != WatchPane::None) return pane_key(state, key, page);
  if (is_move(key)) return move_key(state, key, page);
  if (key.kind == Kind::Enter || is_char(key, 'e')) return open_key(state, cols);
  if (key.kind != Kind::Char) return WatchAction::None;
  switch (key.ch) {
    case 'q': return WatchAction::Quit;
    case 's':
      state.sort = next_sort(state.sort);
      start_at_top(state);
      return WatchAction::Refetch;
    case '/': state.filter_input = state.filter_line; break;
    case 'f':
      state.focus = state.focus == WatchFocus::Sockets ? WatchFocus::Findings : WatchFocus::Sockets;
      break;
    case 'p':
      state.paused = !state.paused;
      if (!state.paused && state.held) {
        WatchFrame held = std::move(*state.held);
        state.held.reset();
        apply_frame(state, std::move(held));
      }
      break;
    case '?': show_pane(state, WatchPane::Help, "Help: keys", kHelpText, cols); break;
    default: break;
  }
  return WatchAction::None;
}

}  // namespace sockscope

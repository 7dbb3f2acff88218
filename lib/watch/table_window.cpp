#include "watch/table_window.h"

#include <algorithm>

#include "watch/screen_plan.h"

namespace sockscope {

namespace {

// Each refresh fetches the window again, so it stays small: on an idle
// screen the rows fetched are most of what watch costs.
constexpr uint64_t kPagesAround = 2;

// The first row on screen as the layout will put it.
uint64_t first_on_screen(const WatchState& state, uint64_t page) {
  const uint64_t total = state.frame ? listing_size(*state.frame) : 0;
  return watch_text::visible_first(state.first_row, state.selected, static_cast<size_t>(total),
                                   static_cast<size_t>(page));
}

}  // namespace

uint64_t listing_size(const WatchFrame& frame) {
  return std::max<uint64_t>(frame.sockets_matched, frame.sockets_offset + frame.sockets.sockets.size());
}

std::optional<size_t> fetched_index(const WatchFrame& frame, uint64_t position) {
  if (position < frame.sockets_offset || position - frame.sockets_offset >= frame.sockets.sockets.size()) {
    return std::nullopt;
  }
  return static_cast<size_t>(position - frame.sockets_offset);
}

RowWindow rows_wanted(const WatchState& state, size_t page_rows) {
  const uint64_t page = std::max<size_t>(page_rows, 1);
  const uint64_t margin = kPagesAround * page;
  const uint64_t first = first_on_screen(state, page);
  RowWindow window;
  window.offset = first > margin ? first - margin : 0;
  window.rows = page + 2 * margin;
  if (state.user_moved && state.selected >= window.offset) {
    const auto cookie = selected_cookie(state);
    if (cookie && *cookie != 0) {  // 0: the kernel gave none, it names no one socket
      window.anchor = cookie;
      window.anchor_row = state.selected - window.offset;
    }
  }
  return window;
}

bool needs_rows(const WatchState& state, size_t page_rows) {
  if (!state.frame) return false;
  const uint64_t page = std::max<size_t>(page_rows, 1);
  const uint64_t first = first_on_screen(state, page);
  const uint64_t begin = state.frame->sockets_offset;
  const uint64_t end = begin + state.frame->sockets.sockets.size();
  const bool short_above = begin > 0 && first < begin + page;
  const bool short_below = end < listing_size(*state.frame) && first + 2 * page > end;
  return short_above || short_below;
}

}  // namespace sockscope

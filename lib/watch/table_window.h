// The socket table's window of the listing. A frame holds only some rows of
// everything that matched (WatchFrame::sockets from sockets_offset); the
// table's selection and first row are positions in the whole listing. This
// says which rows a frame holds, and which to ask the source for, so a huge
// listing is never fetched whole and a view far down it costs no more than
// one at the top.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "watch/watch_frame.h"
#include "watch/watch_state.h"

namespace sockscope {

// How many rows the whole listing has.
uint64_t listing_size(const WatchFrame& frame);

// The index in frame.sockets of the row at `position`, when it was fetched.
std::optional<size_t> fetched_index(const WatchFrame& frame, uint64_t position);

// The rows to ask the source for: the rows on screen and two pages on
// either side of them. Once the user has moved, the selected socket is the
// anchor: if it moved in the listing since the last poll, the source
// returns the rows around where it is now, so the selection can follow it.
struct RowWindow {
  uint64_t offset = 0;
  uint64_t rows = 0;
  std::optional<uint64_t> anchor;  // the selected socket's cookie
  uint64_t anchor_row = 0;         // its row in the window
};
RowWindow rows_wanted(const WatchState& state, size_t page_rows);

// True when the frame's rows fall short of the table's view: some of the
// rows on screen, or of a page on either side, are not in it although the
// listing has them. The caller then asks for rows_wanted().
bool needs_rows(const WatchState& state, size_t page_rows);

}  // namespace sockscope

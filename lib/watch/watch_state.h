// The state of the watch screen and what each key does to it. Pure: the
// terminal code turns key presses into Keys and paints what layout_watch()
// makes of this state, so every behaviour is testable without a terminal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "filter/socket_filter.h"
#include "render/status_summary.h"
#include "watch/watch_frame.h"

namespace sockscope {

// `s` cycles through these, in this order; the names are the listing order
// words (monitor/listing.h).
enum class WatchSort { Age, RecvQ, SendQ, State };
std::string_view watch_sort_name(WatchSort sort);  // "age", "recvq", "sendq", "state"

enum class WatchFocus { Sockets, Findings };
enum class WatchPane { None, Explain, Finding, Help };

struct Key {
  enum class Kind { Char, Up, Down, PageUp, PageDown, Home, End, Enter, Escape, Backspace };
  Kind kind = Kind::Char;
  char32_t ch = 0;  // Kind::Char only
  static Key character(char32_t c) { return Key{Kind::Char, c}; }
  static Key of(Kind k) { return Key{k, 0}; }
};

// What the caller must do after a key.
enum class WatchAction {
  None,     // redraw only
  Quit,
  Refetch,  // filter or sort changed, or the table needs more rows: ask the source again
  Explain,  // open the explanation of selected_cookie() (the caller then calls show_pane)
};

struct WatchState {
  WatchSort sort = WatchSort::Age;
  std::string filter_line;                  // the filter in force, as typed ("" = none)
  FilterArgs filter;                        // and as parsed
  std::optional<std::string> filter_input;  // set while `/` is being typed
  // One line (a bad filter, an error) for the footer, or just above it while
  // the prompt stays open; cleared by the next key.
  std::string message;

  WatchFocus focus = WatchFocus::Sockets;
  // Positions in the whole listing (0 = the first socket that matched), not
  // in the window of it the frame holds.
  size_t selected = 0;          // socket table row
  size_t first_row = 0;         // first table row on screen
  // Set when a move key leaves the selection below the first row; cleared
  // when it comes back there (Up, PgUp, Home) and by a new sort or filter.
  // While clear the table stays at its top, like `top`: sockets that sort in
  // ahead are shown, not pushed off the screen. Once set, the selection
  // follows its socket from poll to poll and keeps its place on screen.
  bool user_moved = false;
  size_t finding_selected = 0;  // findings row when focus is on findings
  size_t findings_first = 0;

  WatchPane pane = WatchPane::None;
  std::string pane_title;
  std::vector<std::string> pane_lines;  // already wrapped to the pane's width by show_pane
  size_t pane_first = 0;

  bool paused = false;                   // new frames are kept aside, not shown
  uint64_t polls_shown = 0;              // distinct polls put on screen: what --count counts
  std::optional<WatchFrame> frame;       // the one on screen
  std::optional<WatchFrame> held;        // the newest frame received while paused
  std::optional<StateCounts> previous;   // the TCP counts of the frame shown before this one
  std::optional<std::string> source_error;  // the source's latest failure, shown until a frame arrives
};

// A new frame: shown at once unless paused (then kept in `held` and shown on
// unpause). The table starts at its top unless the user moved; then the
// selection follows the selected socket's cookie when it is still listed,
// and is clamped otherwise. polls_shown counts the frame when
// it is shown and is of another poll than the one on screen (a refetch of
// the same poll is not another refresh).
void apply_frame(WatchState& state, WatchFrame frame);
void apply_source_error(WatchState& state, std::string error);

// `page_rows`: how many rows the table (or the findings list, or the pane)
// has on screen now (watch_screen.h page_rows()), for PgUp/PgDn and to keep
// the selection visible; `cols`: the screen width, for the panes handle_key
// opens itself (help, and a finding's details on Enter in the findings).
WatchAction handle_key(WatchState& state, const Key& key, size_t page_rows, size_t cols);

// After a resize: the selection and the pane stay visible in `page_rows`.
void fit_to_page(WatchState& state, size_t page_rows);

// The cookie of the selected socket in the table (what Enter or `e`
// explains); nullopt when there is none.
std::optional<uint64_t> selected_cookie(const WatchState& state);

// Opens a pane with `text` (lines of it longer than `width` columns are
// wrapped), scrolled to the top.
void show_pane(WatchState& state, WatchPane pane, std::string title, std::string_view text, size_t width);

}  // namespace sockscope

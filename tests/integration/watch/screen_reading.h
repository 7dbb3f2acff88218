// Reading the watch screen back from a tmux capture: the state grid, the
// socket table, the sockets bar, and whether a line carries colour. Each
// function takes the captured rows (or one row with its escapes).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sockscope::testing {

// The 11 TCP state names in kernel order, as the screen prints them.
extern const std::array<const char*, 11> kTcpStateNames;

// Index of the first row for which `prefix` starts the row.
std::optional<size_t> row_starting_with(const std::vector<std::string>& screen, const std::string& prefix);
// Index of the first row containing `text`.
std::optional<size_t> row_containing(const std::vector<std::string>& screen, const std::string& text);

// The state grid: the rows between the title and the `mem` line.
struct StateGrid {
  size_t lines = 0;              // screen rows the grid takes
  size_t most_states_on_a_line = 0;
  std::map<std::string, uint64_t> counts;  // every state name found, with its count
};
std::optional<StateGrid> read_state_grid(const std::vector<std::string>& screen);

// One row of the socket table, split on blanks.
struct TableRow {
  std::string state, age, recv_q, send_q, local, peer, process;
  uint64_t recv_q_value() const { return std::stoull(recv_q); }
};
// The rows below the table header (a row starting with "State" that names
// Recv-Q), down to the footer on the last screen row.
std::vector<TableRow> read_table(const std::vector<std::string>& screen);
bool has_table_header(const std::vector<std::string>& screen);

// The rows on screen as the bar's FIRST-LAST says (1-based); nullopt for
// "none" or no bar.
std::optional<std::pair<size_t, size_t>> bar_range(const std::vector<std::string>& screen);

// True when `shown` is `full` as a column shows it: whole, cut at the end,
// or with its middle replaced by one '~' ("127.0.0~:8080", "integr~/812").
bool shows_cut(const std::string& shown, const std::string& full);

// The `Sockets:` bar, or "" when the screen has none.
std::string sockets_bar(const std::vector<std::string>& screen);

// The TCP state counts per kernel name, from `ss -tan` in this namespace.
std::map<std::string, uint64_t> ss_state_counts();

// True when a captured row (capture-pane -e) sets a foreground or background
// colour. Attributes alone (bold, reverse) are not colour.
bool sets_colour(const std::string& row_with_escapes);

// The counts on a plain-mode `tcp:` line ("tcp: ESTABLISHED 4 (+1), LISTEN 2").
std::map<std::string, uint64_t> read_tcp_line(const std::string& line);

}  // namespace sockscope::testing

// The sections of the watch screen, each as lines at most `cols` wide;
// layout_watch() stacks them as screen_plan decides.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "watch/screen_plan.h"
#include "watch/watch_screen.h"

namespace sockscope::watch_text {

ScreenLine title_line(const WatchState& state, const WatchHost& host, size_t cols,
                      std::chrono::system_clock::time_point now);
std::vector<ScreenLine> state_grid(const WatchState& state, const ScreenPlan& plan, size_t cols);
ScreenLine memory_line(const WatchFrame& frame, size_t cols);

// The heading, then plan.finding_lines findings (the last one "... N more"
// when they do not all fit).
std::vector<ScreenLine> findings_summary(const WatchState& state, const ScreenPlan& plan, size_t cols);
// Focus on the findings: every finding, scrolled, the selected one marked.
std::vector<ScreenLine> findings_list(const WatchState& state, const ScreenPlan& plan, size_t cols);

// The sockets bar, the table header and the rows.
std::vector<ScreenLine> socket_table(const WatchState& state, const ScreenPlan& plan, size_t cols);

std::vector<ScreenLine> pane(const WatchState& state, const ScreenPlan& plan, size_t cols);

// The last line, and where the cursor goes while a filter is typed.
ScreenLine footer(const WatchState& state, size_t row, size_t cols, std::optional<std::pair<size_t, size_t>>& cursor);

}  // namespace sockscope::watch_text

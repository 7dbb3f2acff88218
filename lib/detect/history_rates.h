// Counter rates from the history ring, for detectors that look at how fast a
// kernel counter rises (rst_storm, listen_overflow, syn_flood, tcp_memory_pressure).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "track/history.h"

namespace sockscope {

// Index of a counter in kHistoryCounters ("TcpExt.ListenOverflows"), or empty.
std::optional<size_t> history_counter_index(std::string_view name);

// Sum of a counter's deltas over the newest entries covering `seconds`
// (at least one entry), and the time they span. Empty when the history has
// fewer than two entries (the first has no delta) or any delta in the window
// is unknown (-1).
struct CounterWindow {
  int64_t total = 0;
  double seconds = 0;  // from the oldest entry used to the newest
  size_t entries = 0;
  double rate() const { return seconds > 0 ? static_cast<double>(total) / seconds : 0; }
};
std::optional<CounterWindow> counter_window(const History& history, size_t counter, double seconds);

}  // namespace sockscope

#include "detect/history_rates.h"

#include <algorithm>

namespace sockscope {

std::optional<size_t> history_counter_index(std::string_view name) {
  auto it = std::find(kHistoryCounters.begin(), kHistoryCounters.end(), name);
  if (it == kHistoryCounters.end()) return std::nullopt;
  return static_cast<size_t>(it - kHistoryCounters.begin());
}

std::optional<CounterWindow> counter_window(const History& history, size_t counter, double seconds) {
  if (history.size() < 2 || counter >= kHistoryCounters.size()) return std::nullopt;
  const auto newest = history.at(history.size() - 1).taken_at;
  CounterWindow window;
  // Entry i's delta covers the time since entry i-1, so the window walks back
  // until the span from entry i-1 to the newest reaches `seconds`.
  for (size_t i = history.size() - 1; i >= 1; --i) {
    int64_t delta = history.at(i).counter_deltas[counter];
    if (delta < 0) return std::nullopt;
    window.total += delta;
    ++window.entries;
    window.seconds = std::chrono::duration<double>(newest - history.at(i - 1).taken_at).count();
    if (window.seconds >= seconds) break;
  }
  return window;
}

}  // namespace sockscope

#include "watch/watch_interval.h"

#include <charconv>
#include <cmath>

namespace sockscope {

std::optional<double> parse_watch_interval(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  if (value < kMinWatchIntervalS || value > kMaxWatchIntervalS) return std::nullopt;
  return value;
}

}  // namespace sockscope

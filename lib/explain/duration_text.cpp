#include "explain/duration_text.h"

#include <fmt/format.h>

#include <cmath>

namespace sockscope {

std::string duration_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  if (seconds < 10) {
    double tenths = std::round(seconds * 10) / 10;
    if (tenths == std::floor(tenths)) return fmt::format("{:.0f} s", tenths);
    return fmt::format("{:.1f} s", tenths);
  }
  auto whole = static_cast<uint64_t>(std::llround(seconds));
  if (whole < 120) return fmt::format("{} s", whole);
  if (whole < 7200) {
    uint64_t s = whole % 60;
    return s == 0 ? fmt::format("{} min", whole / 60) : fmt::format("{} min {} s", whole / 60, s);
  }
  if (whole < 2 * 86400) {
    uint64_t minutes = (whole % 3600) / 60;
    return minutes == 0 ? fmt::format("{} h", whole / 3600) : fmt::format("{} h {} min", whole / 3600, minutes);
  }
  uint64_t hours = (whole % 86400) / 3600;
  return hours == 0 ? fmt::format("{} d", whole / 86400) : fmt::format("{} d {} h", whole / 86400, hours);
}

std::string count_text(uint64_t count, std::string_view singular) {
  return fmt::format("{} {}{}", count, singular, count == 1 ? "" : "s");
}

}  // namespace sockscope

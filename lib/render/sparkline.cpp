#include "render/sparkline.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace sockscope {

std::vector<uint64_t> bucket_max(std::span<const uint64_t> values, size_t width) {
  if (width == 0 || values.size() <= width) return {values.begin(), values.end()};
  std::vector<uint64_t> buckets;
  buckets.reserve(width);
  for (size_t i = 0; i < width; ++i) {
    size_t begin = i * values.size() / width;
    size_t end = (i + 1) * values.size() / width;
    buckets.push_back(*std::max_element(values.begin() + static_cast<ptrdiff_t>(begin),
                                        values.begin() + static_cast<ptrdiff_t>(end)));
  }
  return buckets;
}

std::string sparkline(std::span<const uint64_t> values) {
  static constexpr std::array<std::string_view, 8> kBlocks = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  std::string line;
  if (values.empty()) return line;
  auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  const uint64_t low = *lo, span = *hi - *lo;
  for (uint64_t v : values) {
    // Rounded to the nearest level; the extremes land exactly on ▁ and █.
    size_t level = span == 0 ? 0 : static_cast<size_t>((static_cast<double>(v - low) * 7.0) / static_cast<double>(span) + 0.5);
    line.append(kBlocks[std::min<size_t>(level, 7)]);
  }
  return line;
}

}  // namespace sockscope

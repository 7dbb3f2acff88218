// A series of counts as one line of block characters (▁▂▃▄▅▆▇█), for the
// `history` chart. Pure, so the bucketing is tested on its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace sockscope {

// Squeezes `values` into at most `width` buckets, each the largest value it
// covers (a one-poll spike must stay visible). Buckets cover consecutive runs
// whose lengths differ by at most one; with `values.size() <= width` each
// value is its own bucket.
std::vector<uint64_t> bucket_max(std::span<const uint64_t> values, size_t width);

// One block per value, scaled from the smallest (▁) to the largest (█) value
// given; all equal prints all ▁. UTF-8.
std::string sparkline(std::span<const uint64_t> values);

}  // namespace sockscope

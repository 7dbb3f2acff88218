#include "netlink/cookie_set.h"

#include <algorithm>
#include <bit>
#include <utility>

namespace sockscope {

namespace {
// Cookies come from a counter, so low bits cluster; mix before masking.
size_t slot_of(uint64_t cookie, size_t mask) {
  return static_cast<size_t>((cookie * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}
}  // namespace

void CookieSet::reset(size_t expected) {
  // Keep the load factor at or under one half.
  const size_t want = std::bit_ceil(std::max<size_t>(expected * 2, 64));
  if (slots_.size() != want) {
    slots_.assign(want, 0);
  } else {
    std::fill(slots_.begin(), slots_.end(), 0);
  }
  mask_ = want - 1;
  size_ = 0;
  has_zero_ = false;
}

bool CookieSet::insert(uint64_t cookie) {
  if (cookie == 0) return !std::exchange(has_zero_, true);
  if (slots_.empty() || (size_ + 1) * 2 > slots_.size()) rehash(std::max<size_t>(slots_.size() * 2, 64));
  for (size_t i = slot_of(cookie, mask_);; i = (i + 1) & mask_) {
    if (slots_[i] == cookie) return false;
    if (slots_[i] == 0) {
      slots_[i] = cookie;
      ++size_;
      return true;
    }
  }
}

void CookieSet::rehash(size_t slot_count) {
  std::vector<uint64_t> old = std::exchange(slots_, std::vector<uint64_t>(slot_count, 0));
  mask_ = slot_count - 1;
  for (uint64_t cookie : old) {
    if (cookie == 0) continue;
    size_t i = slot_of(cookie, mask_);
    while (slots_[i] != 0) i = (i + 1) & mask_;
    slots_[i] = cookie;
  }
}

uint32_t drop_duplicate_cookies(std::vector<SocketRecord>& records, CookieSet& seen) {
  seen.reset(records.size());
  size_t kept = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    if (!seen.insert(records[i].cookie)) continue;
    // Records only move once a duplicate has opened a gap.
    if (kept != i) records[kept] = records[i];
    ++kept;
  }
  const auto removed = static_cast<uint32_t>(records.size() - kept);
  records.erase(records.begin() + static_cast<std::ptrdiff_t>(kept), records.end());
  return removed;
}

}  // namespace sockscope

// Deduplication by socket cookie. A dump is resumed per hash bucket, so a
// socket can come back twice; the collector keeps the first sighting.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/socket_record.h"

namespace sockscope {

// An open-addressing set of cookies, sized once per poll so inserting never
// allocates in the common case. Reused across polls to keep its memory.
class CookieSet {
 public:
  // Empties the set and makes room for `expected` cookies without growing.
  void reset(size_t expected);
  // True when `cookie` was not in the set (it is now).
  bool insert(uint64_t cookie);
  size_t size() const { return size_ + (has_zero_ ? 1 : 0); }

 private:
  void rehash(size_t slot_count);

  std::vector<uint64_t> slots_;  // 0 marks a free slot; cookie 0 is tracked apart
  size_t mask_ = 0;
  size_t size_ = 0;
  bool has_zero_ = false;
};

// Removes every record whose cookie appeared earlier in `records`, keeping
// first sightings in order. Returns how many were removed.
uint32_t drop_duplicate_cookies(std::vector<SocketRecord>& records, CookieSet& seen);

}  // namespace sockscope

#include "track/history.h"

#include <algorithm>

namespace sockscope {

History::History(size_t capacity) : ring_(capacity) {}

void History::push(const PollAggregate& entry) {
  if (ring_.empty()) return;
  ring_[head_] = entry;
  head_ = (head_ + 1) % ring_.size();
  count_ = std::min(count_ + 1, ring_.size());
}

const PollAggregate& History::at(size_t i) const {
  // The oldest entry sits count_ slots behind the write position.
  return ring_[(head_ + ring_.size() - count_ + i) % ring_.size()];
}

void History::resize(size_t capacity) {
  const size_t kept = std::min(count_, capacity);
  std::vector<PollAggregate> ring(capacity);
  for (size_t i = 0; i < kept; ++i) ring[i] = at(count_ - kept + i);
  ring_ = std::move(ring);
  count_ = kept;
  head_ = capacity == 0 ? 0 : kept % capacity;
}

}  // namespace sockscope

#include "model/process.h"

#include <algorithm>

namespace sockscope {

ProcessIndex::ProcessIndex(std::vector<Holding> holdings) {
  std::stable_sort(holdings.begin(), holdings.end(),
                   [](const Holding& a, const Holding& b) { return a.inode < b.inode; });
  auto data = std::make_shared<Data>();
  data->inodes.reserve(holdings.size());
  data->refs.reserve(holdings.size());
  for (Holding& h : holdings) {
    data->inodes.push_back(h.inode);
    data->refs.push_back(std::move(h.ref));
  }
  data_ = std::move(data);
}

std::span<const ProcessRef> ProcessIndex::find(uint64_t inode) const {
  if (!data_) return {};
  const auto& inodes = data_->inodes;
  auto [first, last] = std::equal_range(inodes.begin(), inodes.end(), inode);
  return {data_->refs.data() + (first - inodes.begin()), static_cast<size_t>(last - first)};
}

size_t ProcessIndex::sockets() const {
  if (!data_) return 0;
  const auto& inodes = data_->inodes;
  size_t distinct = 0;
  for (size_t i = 0; i < inodes.size(); ++i) {
    if (i == 0 || inodes[i] != inodes[i - 1]) ++distinct;
  }
  return distinct;
}

}  // namespace sockscope

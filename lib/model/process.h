// Which processes hold which socket inodes.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace sockscope {

struct ProcessRef {
  int32_t pid = 0;
  std::string comm;
  int32_t fd = -1;
};

// inode -> every (pid, fd) that holds it; a socket missing here has an unknown
// owner. Two flat arrays sorted by inode rather than a hash map of vectors:
// about 48 bytes per holding instead of about 120, and one allocation each.
// Immutable once built and shared between copies, so the daemon can hand
// one scan to several polls' snapshots without copying it.
class ProcessIndex {
 public:
  struct Holding {
    uint64_t inode = 0;
    ProcessRef ref;
  };

  ProcessIndex() = default;
  // Holdings in any order; those of one inode keep their relative order.
  explicit ProcessIndex(std::vector<Holding> holdings);

  // Empty when no process is known to hold the inode.
  std::span<const ProcessRef> find(uint64_t inode) const;
  bool holds(uint64_t inode) const { return !find(inode).empty(); }

  size_t holdings() const { return data_ ? data_->refs.size() : 0; }
  size_t sockets() const;  // distinct inodes
  bool empty() const { return holdings() == 0; }

  // Every holding in inode order: fn(inode, ref).
  template <typename Fn>
  void for_each(Fn&& fn) const {
    if (!data_) return;
    for (size_t i = 0; i < data_->refs.size(); ++i) fn(data_->inodes[i], data_->refs[i]);
  }

  uint32_t processes_scanned = 0;
  uint32_t processes_unreadable = 0;  // no privilege, or exited mid-scan

 private:
  struct Data {
    std::vector<uint64_t> inodes;  // sorted; parallel to refs
    std::vector<ProcessRef> refs;
  };
  std::shared_ptr<const Data> data_;
};

}  // namespace sockscope

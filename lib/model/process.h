// Which processes hold which socket inodes.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace sockscope {

struct ProcessRef {
  int32_t pid = 0;
  std::string comm;
  int32_t fd = -1;
};

// inode -> every (pid, fd) that holds it. A socket missing here has an unknown owner.
struct ProcessIndex {
  std::unordered_map<uint64_t, std::vector<ProcessRef>> owners;
  uint32_t processes_scanned = 0;
  uint32_t processes_unreadable = 0;  // no privilege, or exited mid-scan

  const std::vector<ProcessRef>* find(uint64_t inode) const {
    auto it = owners.find(inode);
    return it == owners.end() ? nullptr : &it->second;
  }
};

}  // namespace sockscope

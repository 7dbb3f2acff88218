// UniqueDir owns one DIR* (and the fd beneath it) and closes it exactly once.
#pragma once

#include <dirent.h>

#include <memory>

#include "util/result.h"
#include "util/unique_fd.h"

namespace sockscope {

struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};
using UniqueDir = std::unique_ptr<DIR, DirCloser>;

// Opens `name` below `dir_fd` as a directory stream (O_CLOEXEC). An Error carries errno.
Result<UniqueDir> open_dir_at(int dir_fd, const char* name);

}  // namespace sockscope

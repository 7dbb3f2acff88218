#include "proc/unique_dir.h"

#include <fcntl.h>

#include <cerrno>
#include <string>

namespace sockscope {

Result<UniqueDir> open_dir_at(int dir_fd, const char* name) {
  UniqueFd fd(::openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return Error::from_errno(std::string("open ") + name, errno);
  DIR* dir = ::fdopendir(fd.get());
  if (dir == nullptr) return Error::from_errno(std::string("fdopendir ") + name, errno);
  fd.release();  // the DIR owns it now
  return UniqueDir(dir);
}

}  // namespace sockscope

#include "config/config_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "util/fd_io.h"
#include "util/unique_fd.h"

namespace sockscope::config {

Result<std::string> read_config_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  // O_NONBLOCK so opening a FIFO by mistake cannot hang start-up or a reload;
  // it changes nothing for the regular file we then insist on.
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (!fd.valid()) return Error::from_errno("cannot open config file " + name, errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return Error::from_errno("cannot stat config file " + name, errno);
  if (S_ISDIR(st.st_mode)) return Error::from_errno("cannot read config file " + name, EISDIR);
  if (!S_ISREG(st.st_mode)) return make_error("config file " + name + " is not a regular file");

  std::string text;
  size_t used = 0;
  for (;;) {
    // one byte past the bound tells "exactly at the bound" from "too big"
    size_t want = kMaxConfigBytes + 1 - used;
    if (want == 0) return make_error("config file " + name + " is larger than 1 MiB");
    text.resize(used + std::min<size_t>(want, 64 * 1024));
    ssize_t n = read_retrying(fd.get(), text.data() + used, text.size() - used);
    if (n < 0) return Error::from_errno("cannot read config file " + name, errno);
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  text.resize(used);
  return text;
}

}  // namespace sockscope::config

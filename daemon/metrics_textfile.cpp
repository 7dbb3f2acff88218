#include "metrics_textfile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "util/unique_fd.h"

namespace sockscope::daemon {

namespace {

Result<void> write_all(int fd, std::string_view text, const std::string& path) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::from_errno("metrics textfile " + path + ": write", errno);
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

}  // namespace

Result<void> write_textfile(const std::string& path, std::string_view text) {
  const std::string temporary = path + ".tmp";
  UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid()) return Error::from_errno("metrics textfile " + temporary + ": open", errno);
  Result<void> written = write_all(fd.get(), text, temporary);
  if (written && ::close(fd.release()) != 0)
    written = Error::from_errno("metrics textfile " + temporary + ": close", errno);
  if (written && ::rename(temporary.c_str(), path.c_str()) != 0) {
    written = Error::from_errno("metrics textfile: rename " + temporary + " to " + path, errno);
  }
  if (!written) ::unlink(temporary.c_str());
  return written;
}

}  // namespace sockscope::daemon

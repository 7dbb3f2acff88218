#include "metrics_textfile.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
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

// Everything but the rename, into the open temporary file.
Result<void> fill(int fd, std::string_view text, const std::string& temporary) {
  if (::fchmod(fd, 0644) != 0) return Error::from_errno("metrics textfile " + temporary + ": fchmod", errno);
  // No fdatasync: it would stall the event loop on a busy disk after every
  // poll, while a file a crash left empty is replaced by the next poll.
  return write_all(fd, text, temporary);
}

}  // namespace

Result<void> write_textfile(const std::string& path, std::string_view text) {
  // "PATH.Ab12Cd": not *.prom, so the collector never reads it half written.
  std::string temporary = path + ".XXXXXX";
  UniqueFd fd(::mkostemp(temporary.data(), O_CLOEXEC));  // fills in the X's
  if (!fd.valid()) return Error::from_errno("metrics textfile " + path + ": cannot create a file beside it", errno);
  Result<void> written = fill(fd.get(), text, temporary);
  if (written && ::close(fd.release()) != 0) {
    written = Error::from_errno("metrics textfile " + temporary + ": close", errno);
  }
  if (written && ::rename(temporary.c_str(), path.c_str()) != 0) {
    written = Error::from_errno("metrics textfile: rename " + temporary + " to " + path, errno);
  }
  if (!written) ::unlink(temporary.c_str());
  return written;
}

}  // namespace sockscope::daemon

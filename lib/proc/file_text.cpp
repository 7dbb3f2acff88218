#include "proc/file_text.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "util/fd_io.h"
#include "util/unique_fd.h"

namespace sockscope {

namespace {

// /proc files report size 0, so read until EOF rather than trusting st_size.
constexpr size_t kChunk = 4096;

}  // namespace

Result<std::string> read_file_text(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return Error::from_errno("open " + path.string(), errno);
  std::string text;
  size_t used = 0;
  for (;;) {
    text.resize(used + kChunk);
    ssize_t n = read_retrying(fd.get(), text.data() + used, kChunk);
    if (n < 0) return Error::from_errno("read " + path.string(), errno);
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  text.resize(used);
  return text;
}

Result<std::string_view> read_text_at(int dir_fd, const char* name, std::span<char> buffer) {
  UniqueFd fd(::openat(dir_fd, name, O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return Error::from_errno(std::string("open ") + name, errno);
  size_t used = 0;
  while (used < buffer.size()) {
    ssize_t n = read_retrying(fd.get(), buffer.data() + used, buffer.size() - used);
    if (n < 0) return Error::from_errno(std::string("read ") + name, errno);
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  return std::string_view(buffer.data(), used);
}

}  // namespace sockscope

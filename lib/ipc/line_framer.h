// LineFramer: splits a byte stream into lines, refusing any line longer than
// a cap, so a client cannot make the daemon buffer without bound.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace sockscope::ipc {

class LineFramer {
 public:
  explicit LineFramer(size_t max_line) : max_line_(max_line) {}

  enum class Next { Line, NeedMore, TooLong };

  // Adds received bytes.
  void append(std::span<const char> bytes);
  // Takes the next complete line (without '\n'; a trailing '\r' is kept as
  // data). TooLong once the pending line passes the cap: the caller closes.
  Next next(std::string& line);
  size_t buffered() const { return buffer_.size() - consumed_; }

 private:
  std::string buffer_;
  size_t consumed_ = 0;
  size_t max_line_;
};

}  // namespace sockscope::ipc

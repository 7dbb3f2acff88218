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

  // Adds received bytes. Ignored once next() has said TooLong.
  void append(std::span<const char> bytes);
  // Takes the next complete line (without '\n'; a trailing '\r' is kept as
  // data). A line may hold up to max_line bytes before its '\n'. TooLong once
  // the pending line passes the cap, and from then on: the caller closes.
  // Call until NeedMore after each append, so buffered() stays within
  // max_line plus one read.
  Next next(std::string& line);
  size_t buffered() const { return buffer_.size() - consumed_; }

 private:
  std::string buffer_;
  size_t consumed_ = 0;  // bytes already handed out as lines
  size_t scanned_ = 0;   // bytes searched for '\n' without finding one
  size_t max_line_;
  bool too_long_ = false;
};

}  // namespace sockscope::ipc

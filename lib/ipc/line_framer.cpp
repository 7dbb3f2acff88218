#include "ipc/line_framer.h"

#include <cstring>

namespace sockscope::ipc {

namespace {

// Consumed bytes are dropped only when they are at least this many and at
// least half the buffer, so pipelined requests cost O(n) overall, not O(n^2).
constexpr size_t kCompactMin = 4096;

}  // namespace

void LineFramer::append(std::span<const char> bytes) {
  if (too_long_) return;  // the connection is closing; keep nothing more
  if (consumed_ == buffer_.size()) {
    buffer_.clear();
    consumed_ = scanned_ = 0;
  } else if (consumed_ >= kCompactMin && consumed_ * 2 >= buffer_.size()) {
    buffer_.erase(0, consumed_);
    scanned_ -= consumed_;
    consumed_ = 0;
  }
  buffer_.append(bytes.data(), bytes.size());
}

LineFramer::Next LineFramer::next(std::string& line) {
  if (too_long_) return Next::TooLong;
  // Bytes before scanned_ hold no '\n', so each byte is searched once.
  const char* base = buffer_.data();
  const void* found = buffer_.size() > scanned_
                          ? std::memchr(base + scanned_, '\n', buffer_.size() - scanned_)
                          : nullptr;
  if (!found) {
    scanned_ = buffer_.size();
    if (buffered() > max_line_) {
      too_long_ = true;
      return Next::TooLong;
    }
    return Next::NeedMore;
  }
  size_t end = static_cast<size_t>(static_cast<const char*>(found) - base);
  if (end - consumed_ > max_line_) {
    too_long_ = true;
    return Next::TooLong;
  }
  line.assign(base + consumed_, end - consumed_);
  consumed_ = scanned_ = end + 1;
  return Next::Line;
}

}  // namespace sockscope::ipc

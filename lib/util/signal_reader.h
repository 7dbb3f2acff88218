// SignalReader: blocks the signals a program handles and delivers them
// through a signalfd, so they arrive as ordinary events of its poll or epoll
// loop instead of interrupting it (or ncurses, or a half-sent request) in a
// handler.
#pragma once

#include <initializer_list>
#include <optional>

#include "util/result.h"
#include "util/unique_fd.h"

namespace sockscope {

class SignalReader {
 public:
  // Blocks `signals` first, so none is delivered the old way before the fd exists.
  static Result<SignalReader> create(std::initializer_list<int> signals);

  // The next pending signal number, or nothing when none is pending.
  std::optional<int> next();
  int fd() const { return fd_.get(); }

 private:
  explicit SignalReader(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace sockscope

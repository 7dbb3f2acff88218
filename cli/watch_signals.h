// WatchSignals: the signals watch handles (stop, resize) blocked and read
// from a signalfd, so they arrive as events of the loop's poll() rather than
// interrupting ncurses or a daemon exchange in a handler.
#pragma once

#include <initializer_list>
#include <optional>

#include "util/result.h"
#include "util/unique_fd.h"

namespace sockscope::cli {

class WatchSignals {
 public:
  // Blocks `signals` first, so none is delivered the old way before the fd exists.
  static Result<WatchSignals> create(std::initializer_list<int> signals);

  // The next pending signal number; nothing when none is pending.
  std::optional<int> next();
  int fd() const { return fd_.get(); }

 private:
  explicit WatchSignals(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace sockscope::cli

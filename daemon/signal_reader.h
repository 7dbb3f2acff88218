// SignalReader: blocks the signals the daemon handles and delivers them
// through a signalfd, so they arrive as ordinary events in the loop instead
// of interrupting it in a handler.
#pragma once

#include <initializer_list>
#include <optional>

#include "util/result.h"
#include "util/unique_fd.h"

namespace sockscope::daemon {

class SignalReader {
 public:
  static Result<SignalReader> create(std::initializer_list<int> signals);

  // The next pending signal number, or nothing when none is pending.
  std::optional<int> next();
  int fd() const { return fd_.get(); }

 private:
  explicit SignalReader(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace sockscope::daemon

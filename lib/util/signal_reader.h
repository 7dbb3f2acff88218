// SignalReader: blocks the signals a program handles and delivers them
// through a signalfd, so they arrive as ordinary events of its poll or epoll
// loop instead of interrupting it (or ncurses, or a half-sent request) in a
// handler. When it ends, the signals it blocked are unblocked again.
#pragma once

#include <signal.h>

#include <initializer_list>
#include <optional>

#include "util/result.h"
#include "util/unique_fd.h"

namespace sockscope {

class SignalReader {
 public:
  // Blocks `signals` first, so none is delivered the old way before the fd exists.
  static Result<SignalReader> create(std::initializer_list<int> signals);

  // Unblocks the signals create() blocked that were not blocked before it.
  // Signals still pending are taken from the fd first and dropped: they came
  // for this reader, too late to be acted on, and must not then take their
  // default action (a SIGTERM killing a program that is already leaving).
  ~SignalReader();
  // Only the object moved to restores the mask.
  SignalReader(SignalReader&& other) noexcept;
  SignalReader& operator=(SignalReader&& other) noexcept;
  SignalReader(const SignalReader&) = delete;
  SignalReader& operator=(const SignalReader&) = delete;

  // The next pending signal number, or nothing when none is pending.
  std::optional<int> next();
  int fd() const { return fd_.get(); }

 private:
  SignalReader(UniqueFd fd, const sigset_t& to_unblock) : fd_(std::move(fd)), to_unblock_(to_unblock) {}
  void restore();

  UniqueFd fd_;
  sigset_t to_unblock_;
};

}  // namespace sockscope

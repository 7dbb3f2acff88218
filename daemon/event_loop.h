// EventLoop: one epoll instance and the handler registered for each fd. The
// whole daemon runs on it, in one thread: a handler must never block.
#pragma once

#include <sys/epoll.h>

#include <cstdint>
#include <functional>
#include <unordered_map>

#include "util/result.h"
#include "util/unique_fd.h"

namespace sockscope::daemon {

class EventLoop {
 public:
  using Handler = std::function<void(uint32_t events)>;

  static Result<EventLoop> create();

  // Level-triggered. The handler may add, modify or remove any fd, itself included.
  Result<void> add(int fd, uint32_t events, Handler handler);
  Result<void> modify(int fd, uint32_t events);
  void remove(int fd);

  // Dispatches events until stop(); an Error only when epoll itself fails.
  Result<void> run();
  void stop() { running_ = false; }

 private:
  explicit EventLoop(UniqueFd epoll) : epoll_(std::move(epoll)) {}

  struct Entry {
    uint32_t token;  // tells a stale event from one for a reused fd number
    Handler handler;
  };

  UniqueFd epoll_;
  std::unordered_map<int, Entry> entries_;
  uint32_t next_token_ = 1;
  bool running_ = false;
};

}  // namespace sockscope::daemon

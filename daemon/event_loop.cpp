#include "event_loop.h"

#include <array>
#include <cerrno>
#include <string>

namespace sockscope::daemon {

namespace {
uint64_t pack(uint32_t token, int fd) { return uint64_t{token} << 32 | static_cast<uint32_t>(fd); }
}  // namespace

Result<EventLoop> EventLoop::create() {
  UniqueFd fd(::epoll_create1(EPOLL_CLOEXEC));
  if (!fd.valid()) return Error::from_errno("epoll_create1", errno);
  return EventLoop(std::move(fd));
}

Result<void> EventLoop::add(int fd, uint32_t events, Handler handler) {
  uint32_t token = next_token_++;
  if (next_token_ == 0) next_token_ = 1;
  epoll_event event{};
  event.events = events;
  event.data.u64 = pack(token, fd);
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event) != 0) {
    return Error::from_errno("epoll_ctl(ADD, fd " + std::to_string(fd) + ")", errno);
  }
  entries_[fd] = Entry{token, std::move(handler)};
  return {};
}

Result<void> EventLoop::modify(int fd, uint32_t events) {
  auto it = entries_.find(fd);
  if (it == entries_.end()) return make_error("epoll: fd " + std::to_string(fd) + " is not registered");
  epoll_event event{};
  event.events = events;
  event.data.u64 = pack(it->second.token, fd);
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, fd, &event) != 0) {
    return Error::from_errno("epoll_ctl(MOD, fd " + std::to_string(fd) + ")", errno);
  }
  return {};
}

void EventLoop::remove(int fd) {
  if (entries_.erase(fd) == 0) return;
  // Fails only if the fd is already closed, and then the kernel dropped it anyway.
  (void)::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
}

Result<void> EventLoop::run() {
  running_ = true;
  std::array<epoll_event, 64> events{};
  while (running_) {
    int n = ::epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()), -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::from_errno("epoll_wait", errno);
    }
    for (int i = 0; i < n && running_; ++i) {
      int fd = static_cast<int>(static_cast<uint32_t>(events[i].data.u64));
      uint32_t token = static_cast<uint32_t>(events[i].data.u64 >> 32);
      auto it = entries_.find(fd);
      // Removed earlier in this batch, or the fd number now belongs to someone else.
      if (it == entries_.end() || it->second.token != token) continue;
      // A copy: the handler may remove its own entry while it runs.
      Handler handler = it->second.handler;
      handler(events[i].events);
    }
  }
  return {};
}

}  // namespace sockscope::daemon

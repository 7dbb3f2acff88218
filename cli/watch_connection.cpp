#include "watch_connection.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "watch_source.h"

namespace sockscope::cli {

namespace {

// Watch asks for a few pages of rows without tcp_info (about 400 bytes
// each), far below this; the bound is for something other than the daemon
// answering, and leaves room for a daemon whose history or findings grew.
constexpr size_t kMaxAnswerLine = size_t{1} << 30;
constexpr size_t kReadChunk = size_t{256} << 10;

Error reason(int err) { return make_error(std::strerror(err)); }

// Waits for `events` on `fd` alone: connecting, before any interrupter is set.
Result<void> wait_alone(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd p{fd, events, 0};
  for (;;) {
    int n = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return reason(errno);
    if (n == 0) return not_answering(timeout);
    return {};
  }
}

}  // namespace

Error not_answering(std::chrono::milliseconds timeout) {
  return make_error(fmt::format("not answering within {:g} s", std::chrono::duration<double>(timeout).count()));
}

Result<void> WatchConnection::wait_for(short events, std::chrono::milliseconds timeout) const {
  std::vector<pollfd> fds{{fd_.get(), events, 0}};
  for (int fd : interrupters_) fds.push_back({fd, POLLIN, 0});
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    int n = ::poll(fds.data(), fds.size(), static_cast<int>(std::max<int64_t>(left.count(), 0)));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return reason(errno);
    if (n == 0) return not_answering(timeout);
    // What the daemon sent goes first; a key or signal is handled after it.
    if (fds[0].revents != 0) return {};
    return interrupted_error();
  }
}

WatchConnection::WatchConnection(UniqueFd fd) : fd_(std::move(fd)), framer_(kMaxAnswerLine), chunk_(kReadChunk) {}

Result<WatchConnection> WatchConnection::open(const std::string& path, std::chrono::milliseconds timeout) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(addr.sun_path)) return make_error("socket path is empty or too long");
  std::memcpy(addr.sun_path, path.data(), path.size());
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid()) return reason(errno);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0) {
    return WatchConnection(std::move(fd));
  }
  if (errno != EINPROGRESS) return reason(errno);
  if (auto ready = wait_alone(fd.get(), POLLOUT, timeout); !ready) return ready.error();
  int err = 0;
  socklen_t len = sizeof(err);
  if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) < 0) return reason(errno);
  if (err != 0) return reason(err);
  return WatchConnection(std::move(fd));
}

Result<void> WatchConnection::send(std::string_view data, std::chrono::milliseconds timeout) {
  while (!data.empty()) {
    ssize_t n = ::send(fd_.get(), data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (auto ready = wait_for(POLLOUT, timeout); !ready) return ready.error();
      continue;
    }
    if (n < 0) return reason(errno);
    data.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

Result<void> WatchConnection::read_available() {
  for (;;) {
    ssize_t n = ::recv(fd_.get(), chunk_.data(), chunk_.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return {};
    if (n < 0) return reason(errno);
    if (n == 0) return make_error("closed the connection");
    framer_.append(std::span<const char>(chunk_.data(), static_cast<size_t>(n)));
    if (static_cast<size_t>(n) < chunk_.size()) return {};  // drained: a further recv would only say EAGAIN
  }
}

Result<void> WatchConnection::read_some(std::chrono::milliseconds timeout) {
  if (auto ready = wait_for(POLLIN, timeout); !ready) return ready.error();
  return read_available();
}

Result<std::optional<std::string>> WatchConnection::next_line() {
  std::string line;
  switch (framer_.next(line)) {
    case ipc::LineFramer::Next::Line:
      return std::optional<std::string>(std::move(line));
    case ipc::LineFramer::Next::NeedMore:
      return std::optional<std::string>();
    case ipc::LineFramer::Next::TooLong:
      break;
  }
  return make_error(fmt::format("sent a line longer than {} bytes", kMaxAnswerLine));
}

}  // namespace sockscope::cli

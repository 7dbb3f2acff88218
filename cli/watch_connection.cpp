#include "watch_connection.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace sockscope::cli {

namespace {

// A socket listing of every row asked for, with tcp_info, is about 2 KB a
// socket; this allows a few hundred thousand rows and still bounds memory if
// something other than the daemon answers.
constexpr size_t kMaxAnswerLine = size_t{1} << 30;
constexpr size_t kReadChunk = size_t{256} << 10;

Error reason(int err) { return make_error(std::strerror(err)); }

Result<void> wait_for(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd p{fd, events, 0};
  for (;;) {
    int n = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return reason(errno);
    if (n == 0) {
      return make_error(fmt::format("no answer within {:g} s", static_cast<double>(timeout.count()) / 1000.0));
    }
    return {};
  }
}

}  // namespace

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
  if (auto ready = wait_for(fd.get(), POLLOUT, timeout); !ready) return ready.error();
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
      if (auto ready = wait_for(fd_.get(), POLLOUT, timeout); !ready) return ready.error();
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
  if (auto ready = wait_for(fd_.get(), POLLIN, timeout); !ready) return ready.error();
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

#include "daemon_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "util/unique_fd.h"

namespace sockscope::cli {

namespace {

// Answers of tens of MB arrive in big pieces; read them in big pieces too.
constexpr size_t kReadChunk = size_t{1} << 20;

Error reason(int err) { return make_error(std::strerror(err)); }

Error timed_out(std::chrono::milliseconds timeout) {
  return make_error(fmt::format("no answer within {:g} s", static_cast<double>(timeout.count()) / 1000.0));
}

// Waits until `fd` is ready for `events`; false on timeout or error (errno set).
Result<void> wait_for(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd p{fd, events, 0};
  for (;;) {
    int n = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (n < 0 && errno == EINTR) continue;  // a signal is not the daemon's silence; retry the full wait
    if (n < 0) return reason(errno);
    if (n == 0) return timed_out(timeout);
    return {};
  }
}

Result<UniqueFd> connect_to(const std::string& path, std::chrono::milliseconds timeout) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(addr.sun_path)) return make_error("socket path is empty or too long");
  std::memcpy(addr.sun_path, path.data(), path.size());
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid()) return reason(errno);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0) return fd;
  // A Unix socket whose listen queue is full refuses a non-blocking connect with EAGAIN.
  if (errno != EINPROGRESS) return reason(errno);
  if (auto ready = wait_for(fd.get(), POLLOUT, timeout); !ready) return ready.error();
  int err = 0;
  socklen_t len = sizeof(err);
  if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) < 0) return reason(errno);
  if (err != 0) return reason(err);
  return fd;
}

Result<void> send_all(int fd, std::string_view data, std::chrono::milliseconds timeout) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (auto ready = wait_for(fd, POLLOUT, timeout); !ready) return ready.error();
      continue;
    }
    if (n < 0) return reason(errno);
    data.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

Result<std::string> read_line(int fd, std::chrono::milliseconds timeout) {
  std::string line;
  std::vector<char> chunk(kReadChunk);
  for (;;) {
    ssize_t n = ::recv(fd, chunk.data(), chunk.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (auto ready = wait_for(fd, POLLIN, timeout); !ready) return ready.error();
      continue;
    }
    if (n < 0) return reason(errno);
    if (n == 0) {
      return make_error(line.empty() ? "closed the connection without answering"
                                     : "closed the connection in the middle of an answer");
    }
    // Only the new bytes can hold the end of the line.
    const char* end = static_cast<const char*>(std::memchr(chunk.data(), '\n', static_cast<size_t>(n)));
    if (end != nullptr) {
      line.append(chunk.data(), static_cast<size_t>(end - chunk.data()));  // what follows belongs to a later message we do not want
      return line;
    }
    line.append(chunk.data(), static_cast<size_t>(n));
  }
}

}  // namespace

Result<std::string> exchange_line(const std::string& path, std::string_view request,
                                  std::chrono::milliseconds timeout) {
  auto fd = connect_to(path, timeout);
  if (!fd) return fd.error();
  if (auto sent = send_all(fd->get(), request, timeout); !sent) return sent.error();
  return read_line(fd->get(), timeout);
}

}  // namespace sockscope::cli

#include "fake_daemon.h"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <variant>
#include <vector>

#include "ipc/line_framer.h"
#include "util/unique_fd.h"

namespace sockscope::testing {

namespace {

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Until the peer closes its end: the sends then fail.
void flood(int fd) {
  const std::string chunk(size_t{64} << 10, 'x');
  while (send_all(fd, chunk)) {
  }
}

// One connection: each request line answered in order.
void serve_connection(int fd, int number, const FakeDaemon::Answer& answer) {
  ipc::LineFramer framer(ipc::kMaxRequestLine);
  std::vector<char> buffer(size_t{64} << 10);
  for (;;) {
    ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n <= 0) return;
    framer.append(std::span<const char>(buffer.data(), static_cast<size_t>(n)));
    std::string line;
    while (framer.next(line) == ipc::LineFramer::Next::Line) {
      auto parsed = ipc::parse_request(line);
      if (!std::holds_alternative<ipc::Request>(parsed)) return;
      const FakeDaemon::Reply reply = answer(number, std::get<ipc::Request>(parsed));
      if (!send_all(fd, reply.lines)) return;
      if (reply.flood_after) flood(fd);
      if (reply.close_after || reply.flood_after) return;
    }
  }
}

[[noreturn]] void serve(UniqueFd listener, const FakeDaemon::Answer& answer) {
  for (int number = 0;; ++number) {
    UniqueFd conn(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (!conn.valid()) _exit(1);
    serve_connection(conn.get(), number, answer);
  }
}

}  // namespace

FakeDaemon::FakeDaemon(const std::string& socket_path, Answer answer) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof(addr.sun_path)) return;
  std::memcpy(addr.sun_path, socket_path.data(), socket_path.size());
  UniqueFd listener(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!listener.valid()) return;
  ::unlink(socket_path.c_str());
  if (::bind(listener.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) return;
  if (::listen(listener.get(), 16) != 0) return;
  // Listening before the fork: a client may connect as soon as this returns.
  pid_t pid = ::fork();
  if (pid == 0) serve(std::move(listener), answer);
  pid_ = pid;
}

FakeDaemon::~FakeDaemon() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

std::string FakeDaemon::result_line(const ipc::Request& request, const nlohmann::json& result) {
  return ipc::encode_result(request.method, request.id, result);
}

std::string FakeDaemon::poll_event_line(const nlohmann::json& status) {
  return ipc::encode_poll_event(nlohmann::json("watch"), status);
}

}  // namespace sockscope::testing

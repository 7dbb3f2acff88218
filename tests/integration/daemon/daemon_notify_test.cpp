// The systemd service protocol, checked against a NOTIFY_SOCKET of our own.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "daemon_fixture.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;

UniqueFd notify_socket(const std::string& path) {
  UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.data(), std::min(path.size(), sizeof addr.sun_path - 1));
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return UniqueFd();
  return fd;
}

// Every message that arrives within `timeout`.
std::vector<std::string> receive_for(int fd, std::chrono::milliseconds timeout) {
  std::vector<std::string> messages;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) break;
    char buffer[4096];
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n > 0) messages.emplace_back(buffer, static_cast<size_t>(n));
  }
  return messages;
}

bool any_starts_with(const std::vector<std::string>& messages, const std::string& prefix) {
  for (const auto& message : messages) {
    // sd_notify may send several assignments in one datagram, one per line.
    size_t at = 0;
    while (at < message.size()) {
      size_t end = message.find('\n', at);
      if (message.compare(at, prefix.size(), prefix) == 0) return true;
      if (end == std::string::npos) break;
      at = end + 1;
    }
  }
  return false;
}

TEST_F(DaemonTest, NotifiesReadyStatusAndWatchdog) {
  const std::string path = dir_.file("notify");
  UniqueFd notify = notify_socket(path);
  ASSERT_TRUE(notify.valid());
  ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
  ::setenv("WATCHDOG_USEC", "400000", 1);
  bool launched = daemon_.launch(socket_path(), {"--config", config_path(), "--interval", "0.2"});
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  ASSERT_TRUE(launched);

  auto messages = receive_for(notify.get(), 1500ms);
  EXPECT_TRUE(any_starts_with(messages, "READY=1"));
  EXPECT_TRUE(any_starts_with(messages, "STATUS=sockets: 0, poll: "));
  EXPECT_TRUE(any_starts_with(messages, "WATCHDOG=1"));
}

}  // namespace
}  // namespace sockscope::testing

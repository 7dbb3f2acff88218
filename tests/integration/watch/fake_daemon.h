// A stand-in for sockscoped on a Unix socket, for what a real daemon never
// does on request: send a poll event and then a broken line, or an answer
// without end. It runs in a child process (forked before any tmux server,
// so no thread is copied into it) that serves one connection at a time and
// answers each request line with what the test's function says.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "ipc/protocol.h"

namespace sockscope::testing {

class FakeDaemon {
 public:
  struct Reply {
    std::string lines;         // sent at once: whole lines, '\n' included
    bool close_after = false;  // then the connection is closed
    bool flood_after = false;  // then bytes without a newline, until the peer goes
  };
  // Called in the child for each request line of the connection numbered
  // `connection` (0 for the first accepted).
  using Answer = std::function<Reply(int connection, const ipc::Request& request)>;

  FakeDaemon(const std::string& socket_path, Answer answer);
  ~FakeDaemon();  // kills the child
  FakeDaemon(const FakeDaemon&) = delete;
  FakeDaemon& operator=(const FakeDaemon&) = delete;

  bool started() const { return pid_ > 0; }

  // One answer line, as sockscoped writes it.
  static std::string result_line(const ipc::Request& request, const nlohmann::json& result);
  static std::string poll_event_line(const nlohmann::json& status);

 private:
  pid_t pid_ = -1;
};

}  // namespace sockscope::testing

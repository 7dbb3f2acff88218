// Test harness for sockscoped: starts the daemon in the test's network
// namespace, talks to it over its socket, and always kills it at the end.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "util/unique_fd.h"

namespace sockscope::testing {

// A private directory under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Replaces `name` with `text` and returns its path.
  std::string write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

// The daemon built beside the CLI this test was built with.
std::string daemon_binary();

// One sockscoped process. The destructor kills it if it still runs.
class DaemonProcess {
 public:
  // Starts `sockscoped --socket <socket> <args...>` and waits until it answers
  // on the socket (false after `timeout`).
  bool start(const std::string& socket, const std::vector<std::string>& args,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Starts it without waiting for anything.
  bool launch(const std::string& socket, const std::vector<std::string>& args);
  ~DaemonProcess();

  pid_t pid() const { return pid_; }
  void signal(int sig) const;
  // Waits for the exit; the exit status, or -1 on a signal or a timeout.
  int wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  bool running();

 private:
  pid_t pid_ = -1;
};

// One client connection with line-based reads that never hang a test.
class Connection {
 public:
  static std::optional<Connection> open(const std::string& socket);

  bool send_text(const std::string& text);  // false on a write error
  // The next line without '\n'; nothing on EOF, error or timeout.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // True when the daemon closed the connection (EOF or reset) within `timeout`.
  bool closed_by_peer(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // Sends one request and parses the one response line (null on failure).
  nlohmann::json request(const nlohmann::json& request);

  int fd() const { return fd_.get(); }

 private:
  explicit Connection(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
  std::string buffer_;
};

// One request on a fresh connection.
nlohmann::json request_once(const std::string& socket, const nlohmann::json& request);

// The "result" of a status request (null when it failed).
nlohmann::json daemon_status(const std::string& socket);

// Waits until the daemon has completed `more` polls after now; false on timeout.
bool wait_for_polls(const std::string& socket, uint64_t more,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace sockscope::testing

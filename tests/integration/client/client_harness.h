// What the client tests need around the CLI: a sockscoped child in the test's
// namespace, the CLI run with its stderr kept, and a few real TCP sockets.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "util/unique_fd.h"

namespace sockscope::testing {

// The daemon built beside the CLI under test.
std::string daemon_path();

// A fresh directory under /tmp for the daemon's socket, removed at the end.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// sockscoped --socket PATH --interval 0.2, stopped (SIGTERM, then SIGKILL) and reaped on destruction.
class Daemon {
 public:
  // False when it did not start answering `status` within a few seconds.
  bool start(const std::string& socket);
  ~Daemon();

 private:
  pid_t pid_ = -1;
};

struct CliRun {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs the CLI with `args` (shell words) and collects both streams.
CliRun run_cli(const std::string& args);

// A TCP listener on 127.0.0.1; port() is what the kernel chose.
class Listener {
 public:
  Listener();
  uint16_t port() const { return port_; }
  int fd() const { return fd_.get(); }

 private:
  UniqueFd fd_;
  uint16_t port_ = 0;
};

// An established connection to `listener`: both ends, accepted.
struct Connection {
  UniqueFd client;
  UniqueFd server;
};
Connection connect_to(const Listener& listener);

// Counts the lines `ss -tanH` prints for one state filter (e.g. "established").
int ss_count(const std::string& state);

}  // namespace sockscope::testing

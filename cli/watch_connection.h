// One connection to sockscoped kept open for `watch`: the subscribe stream
// and the requests asked after each poll share it. Writes wait (bounded) for
// room; reads take what is there and hand out whole lines. A wait also ends
// as soon as one of the interrupters (the screen's keyboard and signals) is
// readable, so a daemon that does not answer never holds up a key or Ctrl-C.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ipc/line_framer.h"
#include "util/result.h"
#include "util/unique_fd.h"

namespace sockscope::cli {

// What a wait of `timeout` without a byte from the daemon says.
Error not_answering(std::chrono::milliseconds timeout);

class WatchConnection {
 public:
  // Connects (non-blocking, close-on-exec) within `timeout`. The Error's
  // message is the reason alone, for the caller to put after the path.
  static Result<WatchConnection> open(const std::string& path, std::chrono::milliseconds timeout);

  int fd() const { return fd_.get(); }

  // Descriptors whose readiness cuts a wait short; -1 entries are ignored.
  // The wait then fails with interrupted_error() (watch_source.h).
  void set_interrupters(std::vector<int> fds) { interrupters_ = std::move(fds); }

  // Writes all of `data`, waiting at most `timeout` (or for an interrupter) each
  // time the socket is full.
  Result<void> send(std::string_view data, std::chrono::milliseconds timeout);
  // Reads whatever the socket holds now, without waiting. An Error when the
  // daemon closed the connection or the read failed.
  Result<void> read_available();
  // Waits at most `timeout` for bytes (or for an interrupter), then read_available().
  Result<void> read_some(std::chrono::milliseconds timeout);
  // The next whole line read so far (without '\n'), nullopt when none yet.
  // An Error when a line passes the cap.
  Result<std::optional<std::string>> next_line();

 private:
  explicit WatchConnection(UniqueFd fd);
  Result<void> wait_for(short events, std::chrono::milliseconds timeout) const;

  UniqueFd fd_;
  std::vector<int> interrupters_;
  ipc::LineFramer framer_;
  std::vector<char> chunk_;  // one read's worth, allocated once
};

}  // namespace sockscope::cli

// One connection to sockscoped kept open for `watch`: the subscribe stream
// and the requests asked after each poll share it. Writes wait (bounded) for
// room; reads take what is there and hand out whole lines.
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

class WatchConnection {
 public:
  // Connects (non-blocking, close-on-exec) within `timeout`. The Error's
  // message is the reason alone, for the caller to put after the path.
  static Result<WatchConnection> open(const std::string& path, std::chrono::milliseconds timeout);

  int fd() const { return fd_.get(); }

  // Writes all of `data`, waiting at most `timeout` each time the socket is full.
  Result<void> send(std::string_view data, std::chrono::milliseconds timeout);
  // Reads whatever the socket holds now, without waiting. An Error when the
  // daemon closed the connection or the read failed.
  Result<void> read_available();
  // Waits at most `timeout` for bytes, then read_available().
  Result<void> read_some(std::chrono::milliseconds timeout);
  // The next whole line read so far (without '\n'), nullopt when none yet.
  // An Error when a line passes the cap.
  Result<std::optional<std::string>> next_line();

 private:
  explicit WatchConnection(UniqueFd fd);
  UniqueFd fd_;
  ipc::LineFramer framer_;
  std::vector<char> chunk_;  // one read's worth, allocated once
};

}  // namespace sockscope::cli

// Listener: the daemon's Unix stream socket. Either inherited from systemd
// (socket activation, LISTEN_FDS) or bound here: parent directory created,
// a stale socket file replaced only when nothing answers on it, mode 0660,
// group set. A socket file this process bound is removed when it goes.
#pragma once

#include <optional>
#include <string>

#include "log.h"
#include "util/result.h"
#include "util/unique_fd.h"

namespace sockscope::daemon {

class Listener {
 public:
  // `group`: a group name that must exist; without one, "sockscope" is used
  // when that group exists and the group is left alone otherwise.
  static Result<Listener> open(const std::string& path, const std::optional<std::string>& group, Logger& log);

  Listener(Listener&& other) noexcept;
  Listener& operator=(Listener&&) = delete;
  Listener(const Listener&) = delete;
  ~Listener();

  int fd() const { return fd_.get(); }
  const std::string& path() const { return path_; }
  bool inherited() const { return !owns_path_; }

  // One pending connection, non-blocking and close-on-exec; an invalid fd
  // when none is waiting.
  Result<UniqueFd> accept();

 private:
  Listener(UniqueFd fd, std::string path, bool owns_path)
      : fd_(std::move(fd)), path_(std::move(path)), owns_path_(owns_path) {}

  UniqueFd fd_;
  std::string path_;
  bool owns_path_;  // bound here: unlink on exit
};

}  // namespace sockscope::daemon

#include "watch_plain_loop.h"

#include <poll.h>
#include <signal.h>

#include <cerrno>
#include <cstring>
#include <chrono>
#include <string>

#include <fmt/format.h>

#include "output.h"
#include "usage_error.h"
#include "util/signal_reader.h"
#include "watch/watch_plain.h"

namespace sockscope::cli {

namespace {

constexpr int kMaxFailedPolls = 3;

}  // namespace

int run_watch_plain(WatchSource& source, const WatchOptions& options, const WatchHost& host, bool direct) {
  auto signals = SignalReader::create({SIGINT, SIGTERM});
  if (!signals) {
    print_error(signals.error().describe());
    return kExitFailure;
  }
  source.interrupt_waits_on({signals->fd()});  // SIGINT and SIGTERM end a wait for a silent daemon
  WatchQuery query;
  query.filter = options.filter;
  query.sort = options.sort;
  query.rows = kPlainRows;
  std::optional<WatchFrame> previous;
  uint64_t frames = 0;
  int failed_in_a_row = 0;
  std::string last_error;  // a daemon that stays away is reported once, not every second

  for (;;) {
    pollfd fds[] = {{source.fd(), POLLIN, 0}, {signals->fd(), POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      print_error(fmt::format("poll: {}", std::strerror(errno)));
      return kExitFailure;
    }
    if (fds[1].revents != 0 && signals->next()) return kExitOk;
    if (fds[0].revents == 0) continue;

    auto frame = source.next_frame(query);
    if (!frame) {
      const std::string message = frame.error().describe();
      if (direct && ++failed_in_a_row >= kMaxFailedPolls) {
        print_error(message + " (three polls in a row failed; giving up)");
        return kExitFailure;
      }
      if (message != last_error) print_error(message);
      last_error = message;
      continue;
    }
    if (!*frame) continue;
    failed_in_a_row = 0;
    last_error.clear();
    fmt::memory_buffer out;
    const std::string text =
        plain_refresh(**frame, previous ? &*previous : nullptr, host, std::chrono::system_clock::now());
    out.append(text);
    if (write_stdout(out) != kExitOk) return kExitFailure;
    previous = std::move(**frame);
    if (options.count && ++frames >= *options.count) return kExitOk;
  }
}

}  // namespace sockscope::cli

// Where `sockscope watch` gets its frames: the daemon's subscribe stream
// (one connection kept open; after each poll event it asks for findings,
// history and the socket rows), or a Poller in this process that polls at
// --interval. Both hand out a file descriptor for the event loop, so the
// loop sleeps in poll() and never spins.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "filter/socket_filter.h"
#include "global_options.h"
#include "util/result.h"
#include "watch/watch_frame.h"
#include "watch/watch_state.h"

namespace sockscope::cli {

// What the table asks for: the filter, the order, and the window of the
// listing: `rows` rows from position `offset`, or, when the socket with
// cookie `anchor` is still listed, around it, so that it is the window's
// `anchor_row`th row (see ListingWindow).
struct WatchQuery {
  FilterArgs filter;
  WatchSort sort = WatchSort::Age;
  uint64_t offset = 0;
  uint64_t rows = 200;
  std::optional<uint64_t> anchor;
  uint64_t anchor_row = 0;
};

// What a source returns when a wait for the daemon was cut short by a key
// or a signal (interrupt_waits_on): nothing failed; the caller handles what
// arrived and asks again when it still wants the answer.
inline constexpr std::string_view kInterrupted = "interrupted by a key or a signal";
inline Error interrupted_error() { return make_error(std::string(kInterrupted)); }
inline bool is_interrupted(const Error& error) { return error.err == 0 && error.message == kInterrupted; }

class WatchSource {
 public:
  virtual ~WatchSource() = default;
  // Readiness of any of `fds` (the keyboard, the signalfd) ends a wait for
  // an answer early with interrupted_error(). A source that never waits
  // ignores them.
  virtual void interrupt_waits_on(std::vector<int> fds) { (void)fds; }
  // Readable when a new poll is ready to be read with next_frame().
  virtual int fd() const = 0;
  // Called when fd() is readable. A frame for a new poll, nullopt when
  // there was nothing new (a partial line), or an Error (the daemon went
  // away, the poll failed) that the screen shows while watch keeps trying.
  virtual Result<std::optional<WatchFrame>> next_frame(const WatchQuery& query) = 0;
  // The latest poll again with another query (a new filter, sort or window
  // of rows), without waiting for the next poll.
  virtual Result<WatchFrame> refetch(const WatchQuery& query) = 0;
  // The explanation text of one socket of the latest poll.
  virtual Result<std::string> explain(uint64_t cookie) = 0;
};

// Connects and subscribes; an Error when no daemon answers at the socket.
Result<std::unique_ptr<WatchSource>> daemon_watch_source(const GlobalOptions& global);
// Opens the netlink collector and arms a timer for every `interval_s`. With
// --config the file's collect, detector and findings settings apply, so ages,
// rates and hysteresis work as in the daemon.
Result<std::unique_ptr<WatchSource>> direct_watch_source(const GlobalOptions& global, double interval_s);

}  // namespace sockscope::cli

#include "watch_screen_loop.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "output.h"
#include "usage_error.h"
#include "util/monotonic_timer.h"
#include "util/signal_reader.h"
#include "watch/table_window.h"
#include "watch/watch_screen.h"
#include "watch/watch_state.h"
#include "watch_terminal.h"

namespace sockscope::cli {

namespace {

constexpr std::chrono::seconds kRepaintPeriod{1};

class ScreenLoop {
 public:
  ScreenLoop(WatchSource& source, const WatchOptions& options, const WatchHost& host, WatchTerminal& terminal,
             SignalReader& signals, MonotonicTimer& repaint)
      : source_(source),
        options_(options),
        host_(host),
        terminal_(terminal),
        signals_(signals),
        repaint_(repaint),
        // Keys only from a terminal: at end of file a pipe or /dev/null would
        // be readable for ever.
        keyboard_(::isatty(STDIN_FILENO) == 1) {
    state_.sort = options.sort;
    state_.filter_line = options.filter_line;
    state_.filter = options.filter;
  }

  int run() {
    // A daemon that does not answer holds up neither a key nor a stop signal.
    source_.interrupt_waits_on({signals_.fd(), keyboard_ ? STDIN_FILENO : -1});
    for (;;) {
      paint();
      if (options_.count && state_.polls_shown >= *options_.count) return kExitOk;
      // Once the screen shows what the keys did: the rows they asked for.
      if (wants_rows() && !input_waiting()) {
        refetch();
        continue;
      }
      pollfd fds[] = {{source_.fd(), POLLIN, 0},
                      {signals_.fd(), POLLIN, 0},
                      {repaint_.fd(), POLLIN, 0},
                      {keyboard_ ? STDIN_FILENO : -1, POLLIN, 0}};
      if (::poll(fds, 4, -1) < 0) {
        if (errno == EINTR) continue;
        failure_ = fmt::format("poll: {}", std::strerror(errno));
        return kExitFailure;
      }
      if (fds[1].revents != 0) {
        if (!on_signals()) return kExitOk;
      }
      if (fds[3].revents & (POLLHUP | POLLERR | POLLNVAL)) return kExitOk;  // the terminal went away
      if (fds[3].revents & POLLIN) {
        if (!on_keys()) return kExitOk;
      }
      if (fds[0].revents != 0) on_source();
      if (fds[2].revents != 0) repaint_.read_expirations();
      if ((fds[0].revents | fds[1].revents | fds[3].revents) != 0) view_checked_ = false;
    }
  }

  // Why run() returned kExitFailure, to print once the terminal is restored
  // (on the watch screen it would vanish with the alternate screen).
  const std::string& failure() const { return failure_; }

 private:
  size_t page() const { return page_rows(state_, terminal_.rows(), terminal_.cols()); }

  WatchQuery query() const {
    const RowWindow window = rows_wanted(state_, page());
    return WatchQuery{state_.filter, state_.sort, window.offset, window.rows, window.anchor, window.anchor_row};
  }

  // A refetch a key asked for (or one a key or a signal cut short), or rows
  // the view lacks since a frame, a key or a resize (the listing shrank
  // under the selection, the terminal grew). The view is looked at once per
  // event, so a source that keeps failing is not asked again and again.
  bool wants_rows() {
    if (refetch_wanted_) return true;
    if (view_checked_) return false;
    view_checked_ = true;
    return needs_rows(state_, page());
  }

  // Keys and signals go first: the refetch would only be cut short by them.
  bool input_waiting() const {
    pollfd fds[] = {{signals_.fd(), POLLIN, 0}, {keyboard_ ? STDIN_FILENO : -1, POLLIN, 0}};
    return ::poll(fds, 2, 0) > 0;
  }

  void paint() {
    terminal_.paint(
        layout_watch(state_, host_, terminal_.rows(), terminal_.cols(), std::chrono::system_clock::now()));
  }

  // False when watch should leave.
  bool on_signals() {
    while (auto sig = signals_.next()) {
      if (*sig != SIGWINCH) return false;
      terminal_.resize();
      fit_to_page(state_, page());
    }
    return true;
  }

  bool on_keys() {
    for (const Key& key : terminal_.read_keys()) {
      switch (handle_key(state_, key, page(), terminal_.cols())) {
        case WatchAction::None: break;
        case WatchAction::Quit: return false;
        case WatchAction::Refetch: refetch_wanted_ = true; break;
        case WatchAction::Explain: explain(); break;
      }
    }
    return true;
  }

  void on_source() {
    auto frame = source_.next_frame(query());
    if (!frame) {
      apply_source_error(state_, frame.error().describe());
      return;
    }
    if (!*frame) return;
    apply_frame(state_, std::move(**frame));
  }

  // A new filter, sort or window of rows: the latest poll asked again.
  // Before the first frame there is nothing to ask again; that frame uses
  // the query. (Another order or filter has cleared user_moved, so it starts
  // at the top; another window keeps the selection on its socket.)
  void refetch() {
    refetch_wanted_ = false;
    if (!state_.frame) return;
    auto frame = source_.refetch(query());
    if (!frame) {
      if (is_interrupted(frame.error())) {
        refetch_wanted_ = true;
      } else {
        apply_source_error(state_, frame.error().describe());
      }
      return;
    }
    show_refetched(std::move(*frame));
  }

  // The view the user asked for is shown even while paused (a frame held
  // back that is not newer is dropped), and a refetch of the poll on screen
  // keeps the change since the poll before it.
  void show_refetched(WatchFrame frame) {
    const bool same_poll = state_.frame->status.taken_at == frame.status.taken_at;
    const auto previous = state_.previous;
    if (state_.held && state_.held->status.taken_at <= frame.status.taken_at) state_.held.reset();
    const bool paused = std::exchange(state_.paused, false);
    apply_frame(state_, std::move(frame));
    state_.paused = paused;
    if (same_poll) state_.previous = previous;
  }

  void explain() {
    auto cookie = selected_cookie(state_);
    if (!cookie) return;
    auto text = source_.explain(*cookie);
    if (!text) {
      // Cut short by a key: that key is the user's next wish, not an error.
      if (!is_interrupted(text.error())) state_.message = text.error().describe();
      return;
    }
    show_pane(state_, WatchPane::Explain, "explain", *text, terminal_.cols());
  }

  WatchSource& source_;
  const WatchOptions& options_;
  const WatchHost& host_;
  WatchTerminal& terminal_;
  SignalReader& signals_;
  MonotonicTimer& repaint_;
  const bool keyboard_;
  WatchState state_;
  bool refetch_wanted_ = false;
  bool view_checked_ = true;
  std::string failure_;
};

}  // namespace

int run_watch_screen(WatchSource& source, const WatchOptions& options, const WatchHost& host) {
  // Blocked before ncurses starts: they reach only the signalfd, never a handler.
  auto signals = SignalReader::create({SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH});
  if (!signals) {
    print_error(signals.error().describe());
    return kExitFailure;
  }
  auto repaint = MonotonicTimer::create();
  if (!repaint) {
    print_error(repaint.error().describe());
    return kExitFailure;
  }
  if (auto armed = repaint->arm(kRepaintPeriod, kRepaintPeriod); !armed) {
    print_error(armed.error().describe());
    return kExitFailure;
  }
  int status = kExitOk;
  std::string failure;
  {
    auto terminal = WatchTerminal::open(options.color);
    if (!terminal) {
      print_error(terminal.error().describe());
      return kExitFailure;
    }
    ScreenLoop loop(source, options, host, **terminal, *signals, *repaint);
    status = loop.run();
    failure = loop.failure();
  }  // the terminal is restored here
  if (!failure.empty()) print_error(failure);
  return status;
}

}  // namespace sockscope::cli

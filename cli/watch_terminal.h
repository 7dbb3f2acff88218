// The terminal while `watch` runs: an ncursesw session that is always ended,
// however watch leaves (q, a signal, an error, an exception). It paints a
// laid-out Screen and turns key presses into Keys.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "util/result.h"
#include "watch/watch_screen.h"
#include "watch/watch_state.h"

struct screen;  // ncurses' SCREEN

namespace sockscope::cli {

class WatchTerminal {
 public:
  // Takes over stdout (and stdin for keys) in UTF-8: no echo, keys one at a
  // time without waiting, cursor hidden, colour when `color` and the
  // terminal has it. An Error when the terminal type is unknown.
  static Result<std::unique_ptr<WatchTerminal>> open(bool color);
  ~WatchTerminal();
  WatchTerminal(const WatchTerminal&) = delete;
  WatchTerminal& operator=(const WatchTerminal&) = delete;

  size_t rows() const;
  size_t cols() const;

  // Redraws: ncurses compares with what is on the terminal and sends only
  // the difference, so nothing flickers.
  void paint(const Screen& screen);
  // Every key waiting on stdin; empty when none.
  std::vector<Key> read_keys();
  // After SIGWINCH: the new size from the tty, and ncurses' idea of it.
  void resize();

 private:
  WatchTerminal(struct screen* session, bool color);

  struct screen* session_;
  bool color_;
  int cursor_shown_ = -1;  // the last curs_set() value, -1 before the first paint
};

}  // namespace sockscope::cli

#include "watch_terminal.h"

#include <langinfo.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <clocale>
#include <cstdlib>
#include <cstring>
#include <string>

#include "watch_keys.h"  // and <curses.h>, without its macros

namespace sockscope::cli {

namespace {

// Milliseconds ncurses waits after ESC for the rest of an escape sequence:
// long enough for a terminal's arrow keys, short enough that Esc feels instant.
constexpr int kEscapeDelayMs = 25;

// Colour pairs, one per coloured style.
enum Pair : short { kTitlePair = 1, kGoodPair, kInfoPair, kWarningPair, kCriticalPair };

void init_pairs() {
  init_pair(kTitlePair, COLOR_CYAN, -1);
  init_pair(kGoodPair, COLOR_GREEN, -1);
  init_pair(kInfoPair, COLOR_CYAN, -1);
  init_pair(kWarningPair, COLOR_YELLOW, -1);
  init_pair(kCriticalPair, COLOR_RED, -1);
}

// Without colour every style is bold, reverse or plain, so severity and the
// selection still stand out on a monochrome terminal.
attr_t style_attrs(Style style, bool color) {
  switch (style) {
    case Style::Normal: return A_NORMAL;
    case Style::Title: return color ? A_BOLD | COLOR_PAIR(kTitlePair) : A_BOLD;
    case Style::Heading: return A_BOLD;
    case Style::Dim: return color ? A_DIM : A_NORMAL;
    case Style::Good: return color ? COLOR_PAIR(kGoodPair) : A_NORMAL;
    case Style::Info: return color ? COLOR_PAIR(kInfoPair) : A_NORMAL;
    case Style::Warning: return color ? A_BOLD | COLOR_PAIR(kWarningPair) : A_BOLD;
    case Style::Critical: return color ? A_BOLD | COLOR_PAIR(kCriticalPair) : A_BOLD;
    case Style::Selected: return A_REVERSE;
    case Style::Input: return A_BOLD;
  }
  return A_NORMAL;
}

// The screen is drawn in UTF-8 whatever the environment's locale, since the
// layout counts columns as wcwidth() does in a UTF-8 locale (char_width.h)
// and the sparklines are block characters.
void use_utf8_locale() {
  std::setlocale(LC_ALL, "");
  const char* codeset = nl_langinfo(CODESET);
  if (codeset != nullptr && std::strcmp(codeset, "UTF-8") == 0) return;
  if (std::setlocale(LC_CTYPE, "C.UTF-8") == nullptr) std::setlocale(LC_CTYPE, "en_US.UTF-8");
}

}  // namespace

Result<std::unique_ptr<WatchTerminal>> WatchTerminal::open(bool color) {
  use_utf8_locale();
  SCREEN* session = newterm(nullptr, stdout, stdin);
  if (session == nullptr) {
    const char* term = std::getenv("TERM");
    return make_error("cannot drive the terminal (TERM=" + std::string(term ? term : "") + ")");
  }
  set_escdelay(kEscapeDelayMs);
  cbreak();
  noecho();
  nonl();
  intrflush(stdscr, FALSE);
  keypad(stdscr, TRUE);
  nodelay(stdscr, TRUE);
  curs_set(0);
  const bool with_color = color && has_colors();
  if (with_color) {
    start_color();
    use_default_colors();
    init_pairs();
  }
  return std::unique_ptr<WatchTerminal>(new WatchTerminal(session, with_color));
}

WatchTerminal::WatchTerminal(SCREEN* session, bool color) : session_(session), color_(color) {}

WatchTerminal::~WatchTerminal() {
  endwin();
  delscreen(session_);
}

size_t WatchTerminal::rows() const { return static_cast<size_t>(std::max(getmaxy(stdscr), 0)); }
size_t WatchTerminal::cols() const { return static_cast<size_t>(std::max(getmaxx(stdscr), 0)); }

void WatchTerminal::paint(const Screen& screen) {
  erase();
  const size_t rows = std::min(screen.lines.size(), this->rows());
  for (size_t row = 0; row < rows; ++row) {
    move(static_cast<int>(row), 0);
    for (const Span& span : screen.lines[row].spans) {
      attrset(style_attrs(span.style, color_));
      addstr(span.text.c_str());
    }
  }
  attrset(A_NORMAL);
  const int show = screen.cursor ? 1 : 0;
  if (show != cursor_shown_) {
    curs_set(show);
    cursor_shown_ = show;
  }
  if (screen.cursor) move(static_cast<int>(screen.cursor->first), static_cast<int>(screen.cursor->second));
  refresh();
}

std::vector<Key> WatchTerminal::read_keys() {
  std::vector<Key> keys;
  wint_t code = 0;
  for (int status; (status = wget_wch(stdscr, &code)) != ERR;) {
    if (auto key = key_from_curses(status, code)) keys.push_back(*key);
  }
  return keys;
}

void WatchTerminal::resize() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return;
  resizeterm(size.ws_row, size.ws_col);
}

}  // namespace sockscope::cli

// What one wget_wch() result means to the watch screen. Kept apart from the
// terminal session and inline, so tests check the mapping without a terminal.
#pragma once

#include <cwchar>
#include <optional>

#include "watch/watch_state.h"

// Functions, not macros: curses' move(y, x) macro would break std::move.
#ifndef NCURSES_NOMACROS
#define NCURSES_NOMACROS
#endif
#include <curses.h>

namespace sockscope::cli {

// `status` is wget_wch's return (OK for a character, KEY_CODE_YES for a
// function key), `code` what it stored. nullopt for keys watch ignores.
inline std::optional<Key> key_from_curses(int status, wint_t code) {
  using Kind = Key::Kind;
  if (status == KEY_CODE_YES) {
    switch (code) {
      case KEY_UP: return Key::of(Kind::Up);
      case KEY_DOWN: return Key::of(Kind::Down);
      case KEY_PPAGE: return Key::of(Kind::PageUp);
      case KEY_NPAGE: return Key::of(Kind::PageDown);
      case KEY_HOME: return Key::of(Kind::Home);
      case KEY_END: return Key::of(Kind::End);
      case KEY_ENTER: return Key::of(Kind::Enter);
      case KEY_BACKSPACE: return Key::of(Kind::Backspace);
      default: return std::nullopt;
    }
  }
  if (status != OK) return std::nullopt;
  switch (code) {
    case L'\n':
    case L'\r': return Key::of(Kind::Enter);
    case 27: return Key::of(Kind::Escape);
    case 127:   // DEL: what most terminals send for Backspace
    case L'\b': return Key::of(Kind::Backspace);
    default: break;
  }
  // Other control characters (C0, DEL, C1) have no meaning here, and what is
  // not a Unicode scalar value cannot be typed.
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return std::nullopt;
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return std::nullopt;
  return Key::character(static_cast<char32_t>(code));
}

}  // namespace sockscope::cli

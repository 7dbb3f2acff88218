// What each wget_wch() result becomes on the watch screen.
#include <gtest/gtest.h>

#include <optional>

#include "../../../cli/watch_keys.h"

namespace sockscope::cli {
namespace {

using Kind = Key::Kind;

void expect_kind(std::optional<Key> key, Kind kind) {
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->kind, kind);
}

void expect_char(std::optional<Key> key, char32_t ch) {
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->kind, Kind::Char);
  EXPECT_EQ(key->ch, ch);
}

TEST(KeyMap, FunctionKeysMoveAndScroll) {
  expect_kind(key_from_curses(KEY_CODE_YES, KEY_UP), Kind::Up);
  expect_kind(key_from_curses(KEY_CODE_YES, KEY_DOWN), Kind::Down);
  expect_kind(key_from_curses(KEY_CODE_YES, KEY_PPAGE), Kind::PageUp);
  expect_kind(key_from_curses(KEY_CODE_YES, KEY_NPAGE), Kind::PageDown);
  expect_kind(key_from_curses(KEY_CODE_YES, KEY_HOME), Kind::Home);
  expect_kind(key_from_curses(KEY_CODE_YES, KEY_END), Kind::End);
}

TEST(KeyMap, EnterFromTheKeypadOrAsCarriageReturnOrNewline) {
  expect_kind(key_from_curses(KEY_CODE_YES, KEY_ENTER), Kind::Enter);
  expect_kind(key_from_curses(OK, L'\r'), Kind::Enter);
  expect_kind(key_from_curses(OK, L'\n'), Kind::Enter);
}

TEST(KeyMap, BackspaceWhicheverWayTheTerminalSendsIt) {
  expect_kind(key_from_curses(KEY_CODE_YES, KEY_BACKSPACE), Kind::Backspace);
  expect_kind(key_from_curses(OK, 127), Kind::Backspace);
  expect_kind(key_from_curses(OK, L'\b'), Kind::Backspace);
}

TEST(KeyMap, EscapeAlone) { expect_kind(key_from_curses(OK, 27), Kind::Escape); }

TEST(KeyMap, PrintableCharactersIncludingNonAscii) {
  expect_char(key_from_curses(OK, L'q'), U'q');
  expect_char(key_from_curses(OK, L'/'), U'/');
  expect_char(key_from_curses(OK, L' '), U' ');
  expect_char(key_from_curses(OK, L'?'), U'?');
  expect_char(key_from_curses(OK, 0xe9), U'\u00e9');     // é
  expect_char(key_from_curses(OK, 0x65e5), U'\u65e5');   // 日
  expect_char(key_from_curses(OK, 0x1f600), U'\U0001f600');
}

TEST(KeyMap, IgnoresWhatHasNoMeaningHere) {
  EXPECT_FALSE(key_from_curses(ERR, 0).has_value());
  EXPECT_FALSE(key_from_curses(OK, 1).has_value());      // Ctrl-A
  EXPECT_FALSE(key_from_curses(OK, L'\t').has_value());
  EXPECT_FALSE(key_from_curses(OK, 0x85).has_value());   // C1 control
  EXPECT_FALSE(key_from_curses(OK, 0xd800).has_value()); // a lone surrogate
  EXPECT_FALSE(key_from_curses(OK, 0x110000).has_value());
  EXPECT_FALSE(key_from_curses(KEY_CODE_YES, KEY_F(1)).has_value());
  EXPECT_FALSE(key_from_curses(KEY_CODE_YES, KEY_LEFT).has_value());  // nothing scrolls sideways
  EXPECT_FALSE(key_from_curses(KEY_CODE_YES, KEY_RIGHT).has_value());
  EXPECT_FALSE(key_from_curses(KEY_CODE_YES, KEY_RESIZE).has_value());
  EXPECT_FALSE(key_from_curses(KEY_CODE_YES, KEY_MOUSE).has_value());
}

}  // namespace
}  // namespace sockscope::cli

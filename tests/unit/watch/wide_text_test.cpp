// Wide characters (CJK, emoji) take two columns and combining marks none:
// the layout counts what the terminal draws, so a row never overflows.
#include <gtest/gtest.h>
#include <locale.h>
#include <wchar.h>

#include "watch/char_width.h"
#include "watch/line_builder.h"
#include "watch/socket_columns.h"
#include "watch/text_cells.h"
#include "watch/watch_screen.h"
#include "watch_fixtures.h"

namespace sockscope::watch_text {
namespace {

using test::add_row;
using test::frame_with_rows;
using test::kHost;
using test::kTakenAt;
using test::owners_index;
using test::record;
using test::state_with;

// 名前名前名: five ideographs, ten columns, as a process's comm.
const std::string kWideComm = "\u540d\u524d\u540d\u524d\u540d";

TEST(CharColumns, NarrowWideAndZeroWidth) {
  EXPECT_EQ(char_columns(U'a'), 1u);
  EXPECT_EQ(char_columns(U'\u00e9'), 1u);      // é
  EXPECT_EQ(char_columns(U'\u2581'), 1u);      // ▁ of the sparklines
  EXPECT_EQ(char_columns(U'\u540d'), 2u);      // 名
  EXPECT_EQ(char_columns(U'\u3042'), 2u);      // あ
  EXPECT_EQ(char_columns(U'\uac00'), 2u);      // 가
  EXPECT_EQ(char_columns(U'\uff21'), 2u);      // Ａ, fullwidth
  EXPECT_EQ(char_columns(U'\U0001f600'), 2u);  // 😀
  EXPECT_EQ(char_columns(U'\U00020000'), 2u);  // CJK extension B
  EXPECT_EQ(char_columns(U'\u0301'), 0u);      // combining acute accent
  EXPECT_EQ(char_columns(U'\u200b'), 0u);      // zero width space
  EXPECT_EQ(char_columns(U'\ufe0f'), 0u);      // variation selector 16
}

// The table is the C library's wcwidth() in a UTF-8 locale: ncurses places
// text by it, so every width the library knows must agree.
TEST(CharColumns, AgreesWithTheCLibrary) {
  locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  if (utf8 == static_cast<locale_t>(nullptr)) GTEST_SKIP() << "no C.UTF-8 locale";
  locale_t before = uselocale(utf8);
  size_t differences = 0;
  for (char32_t cp = 0xa0; cp < 0x110000; ++cp) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const int expected = ::wcwidth(static_cast<wchar_t>(cp));
    if (expected < 0) continue;  // unassigned: the library has no width for it
    if (char_columns(cp) != static_cast<size_t>(expected) && ++differences <= 10) {
      ADD_FAILURE() << std::hex << "U+" << static_cast<uint32_t>(cp) << ": " << char_columns(cp) << " columns, wcwidth "
                    << expected;
    }
  }
  uselocale(before);
  freelocale(utf8);
  EXPECT_EQ(differences, 0u);
}

TEST(WideText, ColumnsCountTheCellsDrawn) {
  EXPECT_EQ(columns(kWideComm), 10u);
  EXPECT_EQ(columns(kWideComm + "/14970"), 16u);
  EXPECT_EQ(columns("\U0001f600!"), 3u);
  EXPECT_EQ(columns("e\u0301"), 1u);
}

TEST(WideText, CutNeverSplitsAWideCharacter) {
  EXPECT_EQ(cut(kWideComm, 4), "\u540d\u524d");
  EXPECT_EQ(cut(kWideComm, 3), "\u540d");  // the second would pass the edge: left out
  EXPECT_EQ(cut(kWideComm, 1), "");
  EXPECT_EQ(cut("e\u0301x", 1), "e\u0301");  // the accent stays with its letter
  // Padded to the exact width with a space instead.
  EXPECT_EQ(left(kWideComm, 5), "\u540d\u524d ");
  EXPECT_EQ(right(kWideComm, 3), " \u540d");
  EXPECT_EQ(columns(left(kWideComm, 7)), 7u);
  EXPECT_EQ(tail(kWideComm, 3), "\u540d");
  EXPECT_EQ(tail("ab\u540d", 3), "b\u540d");
  EXPECT_EQ(tail("a\u0301b", 1), "b");
}

TEST(WideText, CutMiddleKeepsBothEndsWithinTheWidth) {
  EXPECT_EQ(cut_middle(kWideComm + "/14970", 12), "\u540d\u524d\u540d~14970");
  // An odd head budget: the column a wide character leaves goes to the tail.
  EXPECT_EQ(cut_middle(kWideComm + "/14970", 11), "\u540d\u524d~/14970");
  for (size_t width = 0; width <= 16; ++width) EXPECT_LE(columns(cut_middle(kWideComm + "/14970", width)), width);
}

TEST(WideText, LineBuilderFillsTheColumnAWideCharacterLeaves) {
  LineBuilder line(5);
  line.add("ab" + kWideComm, Style::Info);
  EXPECT_EQ(line.used(), 5u);
  ScreenLine built = line.take();
  ASSERT_EQ(built.spans.size(), 1u);
  EXPECT_EQ(built.spans[0].text, "ab\u540d ");
  EXPECT_EQ(built.spans[0].style, Style::Info);
}

TEST(WideText, SocketRowWithAWideProcessNameKeepsItsWidth) {
  const TableColumns columns80 = table_columns(80);
  SocketRecord socket = record(Proto::Tcp, TcpState::Established, "127.0.0.1", 47001, "127.0.0.1", 60410, 5001);
  const ProcessIndex owners = owners_index({{5001, {{14970, kWideComm, 3}}}});
  EXPECT_EQ(process_text(socket, owners), kWideComm + "/14970");
  const std::string row = table_row(columns80, socket, 14.0, owners);
  EXPECT_EQ(columns(row), 80u) << row;
  EXPECT_EQ(row.substr(row.size() - std::string("\u540d\u524d\u540d~14970").size()), "\u540d\u524d\u540d~14970");

  // On the screen, selected: the highlighted row spans exactly the width.
  WatchFrame frame = frame_with_rows(0);
  SocketRecord& shown = add_row(frame, TcpState::Established, 1);
  shown.inode = 5001;
  frame.sockets.processes = owners;
  WatchState state = state_with(frame);
  const Screen screen = layout_watch(state, kHost, 24, 80, kTakenAt);
  const int at = test::find_line(screen, "~14970");
  ASSERT_GE(at, 0);
  EXPECT_EQ(columns(line_text(screen.lines[static_cast<size_t>(at)])), 80u);
  for (const ScreenLine& line : screen.lines) EXPECT_LE(columns(line_text(line)), 80u) << line_text(line);
}

TEST(WideText, FilterCursorAfterWideCharacters) {
  WatchState state = state_with(frame_with_rows(3));
  state.filter_input = "process " + kWideComm;
  const Screen screen = layout_watch(state, kHost, 24, 80, kTakenAt);
  ASSERT_TRUE(screen.cursor);
  EXPECT_EQ(screen.cursor->second, std::string("filter: process ").size() + 10);
}

}  // namespace
}  // namespace sockscope::watch_text

#include <gtest/gtest.h>

#include "watch/table_window.h"
#include "watch/watch_screen.h"
#include "watch/watch_state.h"
#include "watch_fixtures.h"

namespace sockscope {
namespace {

using namespace test;
using Kind = Key::Kind;

constexpr size_t kPage = 10;
constexpr size_t kCols = 80;

WatchAction press(WatchState& state, Key key, size_t page = kPage) { return handle_key(state, key, page, kCols); }
WatchAction press(WatchState& state, char32_t c, size_t page = kPage) { return press(state, Key::character(c), page); }
WatchAction press(WatchState& state, Kind kind, size_t page = kPage) { return press(state, Key::of(kind), page); }

void type(WatchState& state, std::string_view text) {
  for (char c : text) EXPECT_EQ(press(state, static_cast<char32_t>(c)), WatchAction::None);
}

WatchState with_findings(size_t rows = 50) {
  WatchFrame frame = frame_with_rows(rows);
  frame.findings = {finding(Severity::Critical, "close_wait_buildup", "pid 812 (java)", "40 in CLOSE_WAIT", {7, 9}),
                    finding(Severity::Warning, "listen_overflow", "port 8080", "queue full"),
                    finding(Severity::Info, "orphans", "host", "3 orphans", {4})};
  return state_with(std::move(frame));
}

TEST(WatchKeys, QuitAndUnknownKeys) {
  WatchState state = with_findings();
  EXPECT_EQ(press(state, 'q'), WatchAction::Quit);
  EXPECT_EQ(press(state, 'x'), WatchAction::None);
  EXPECT_EQ(press(state, Kind::Backspace), WatchAction::None);
  EXPECT_EQ(state.selected, 0u);
}

TEST(WatchKeys, SortCyclesAndGoesToTheTop) {
  WatchState state = with_findings();
  state.selected = 12;
  state.first_row = 5;
  std::vector<std::string_view> seen;
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(press(state, 's'), WatchAction::Refetch);
    seen.push_back(watch_sort_name(state.sort));
    EXPECT_EQ(state.selected, 0u);
    EXPECT_EQ(state.first_row, 0u);
  }
  EXPECT_EQ(seen, (std::vector<std::string_view>{"recvq", "sendq", "state", "age"}));
}

TEST(WatchKeys, AfterANewSortTheNextFrameStartsAtTheTop) {
  WatchState state = with_findings(20);  // cookies 1..20
  press(state, Kind::Down);
  press(state, Kind::Down);
  EXPECT_EQ(press(state, 's'), WatchAction::Refetch);
  EXPECT_EQ(state.selected, 0u);
  // In the new order the socket that was on top (cookie 1) is further down;
  // the selection stays at the top rather than following it.
  WatchFrame resorted = base_frame();
  for (uint64_t cookie = 20; cookie >= 1; --cookie) add_row(resorted, TcpState::Established, cookie);
  apply_frame(state, resorted);
  EXPECT_EQ(state.selected, 0u);
  EXPECT_EQ(selected_cookie(state), 20u);
  // Later frames follow the selection again.
  press(state, Kind::Down);
  EXPECT_EQ(selected_cookie(state), 19u);
  apply_frame(state, frame_with_rows(20));
  EXPECT_EQ(selected_cookie(state), 19u);
  EXPECT_EQ(state.selected, 18u);
}

TEST(WatchKeys, AfterANewFilterTheNextFrameStartsAtTheTop) {
  WatchState state = with_findings(20);
  press(state, Kind::End);
  press(state, '/');
  type(state, "tcp");
  EXPECT_EQ(press(state, Kind::Enter), WatchAction::Refetch);
  apply_frame(state, frame_with_rows(20));  // cookie 20 is still listed, at the bottom
  EXPECT_EQ(state.selected, 0u);
  EXPECT_EQ(state.first_row, 0u);
}

TEST(WatchKeys, FilterPromptTypingAndApplying) {
  WatchState state = with_findings();
  state.filter_line = "tcp";
  state.selected = 8;
  EXPECT_EQ(press(state, '/'), WatchAction::None);
  ASSERT_TRUE(state.filter_input);
  EXPECT_EQ(*state.filter_input, "tcp");  // prefilled with the filter in force
  type(state, " sport 80q");  // 'q' is text here, not quit
  EXPECT_EQ(*state.filter_input, "tcp sport 80q");
  EXPECT_EQ(press(state, Kind::Backspace), WatchAction::None);
  EXPECT_EQ(*state.filter_input, "tcp sport 80");
  EXPECT_EQ(press(state, Kind::Down), WatchAction::None);  // moves nothing while typing
  EXPECT_EQ(state.selected, 8u);
  EXPECT_EQ(press(state, Kind::Enter), WatchAction::Refetch);
  EXPECT_FALSE(state.filter_input);
  EXPECT_EQ(state.filter_line, "tcp sport 80");
  EXPECT_TRUE(state.filter.tcp);
  EXPECT_EQ(state.filter.sport, "80");
  EXPECT_EQ(state.selected, 0u);
  EXPECT_EQ(state.first_row, 0u);
}

TEST(WatchKeys, BackspaceRemovesOneCodePoint) {
  WatchState state;
  press(state, '/');
  press(state, U'é');
  press(state, U'€');
  EXPECT_EQ(*state.filter_input, "é€");
  press(state, Kind::Backspace);
  EXPECT_EQ(*state.filter_input, "é");
  press(state, Kind::Backspace);
  press(state, Kind::Backspace);  // nothing left to delete
  EXPECT_EQ(*state.filter_input, "");
  press(state, U'\x07');  // a control character is not typed
  EXPECT_EQ(*state.filter_input, "");
}

TEST(WatchKeys, EscapeCancelsTheFilter) {
  WatchState state = with_findings();
  state.filter_line = "udp";
  state.filter.udp = true;
  press(state, '/');
  type(state, " sport 1");
  EXPECT_EQ(press(state, Kind::Escape), WatchAction::None);
  EXPECT_FALSE(state.filter_input);
  EXPECT_EQ(state.filter_line, "udp");
  EXPECT_TRUE(state.filter.udp);
  EXPECT_FALSE(state.filter.sport);
}

TEST(WatchKeys, EmptyFilterClearsIt) {
  WatchState state = with_findings();
  state.filter_line = "udp";
  state.filter.udp = true;
  press(state, '/');
  for (int i = 0; i < 3; ++i) press(state, Kind::Backspace);
  EXPECT_EQ(press(state, Kind::Enter), WatchAction::Refetch);
  EXPECT_EQ(state.filter_line, "");
  EXPECT_FALSE(state.filter.udp);
}

TEST(WatchKeys, BadFilterKeepsThePromptAndNamesTheValue) {
  WatchState state = with_findings();
  press(state, '/');
  type(state, "sport http");
  EXPECT_EQ(press(state, Kind::Enter), WatchAction::None);
  ASSERT_TRUE(state.filter_input);
  EXPECT_EQ(*state.filter_input, "sport http");
  EXPECT_EQ(state.message, "filter: bad port 'http' (expected a number 0-65535)");
  EXPECT_EQ(state.filter_line, "");
  Screen screen = layout_watch(state, kHost, 24, 80, kTakenAt);
  EXPECT_EQ(line_text(screen.lines[23]), "filter: sport http");  // the prompt keeps the footer
  EXPECT_EQ(line_text(screen.lines[22]), state.message);            // and the message goes above it
  EXPECT_EQ(style_of(screen.lines[22], "filter"), Style::Warning);

  // The next key clears the message; a fixed value applies.
  press(state, Kind::Backspace);
  EXPECT_EQ(state.message, "");
  for (int i = 0; i < 3; ++i) press(state, Kind::Backspace);
  type(state, "443");
  EXPECT_EQ(press(state, Kind::Enter), WatchAction::Refetch);
  EXPECT_EQ(state.filter_line, "sport 443");

  press(state, '/');
  type(state, " bogus");
  press(state, Kind::Enter);
  EXPECT_EQ(state.message.substr(0, 37), "filter: unknown filter word 'bogus' (");
}

TEST(WatchKeys, AnyKeyClearsTheMessage) {
  WatchState state = with_findings();
  state.message = "explain: socket gone";
  press(state, Kind::Down);
  EXPECT_EQ(state.message, "");
}

TEST(WatchKeys, MovingTheSelection) {
  WatchState state = with_findings(50);
  EXPECT_EQ(press(state, Kind::Up), WatchAction::None);
  EXPECT_EQ(state.selected, 0u);
  press(state, Kind::Down);
  press(state, Kind::Down);
  EXPECT_EQ(state.selected, 2u);
  EXPECT_EQ(state.first_row, 0u);
  press(state, Kind::PageDown);
  EXPECT_EQ(state.selected, 12u);
  EXPECT_EQ(state.first_row, 10u);
  press(state, Kind::PageDown);
  press(state, Kind::PageDown);
  press(state, Kind::PageDown);
  EXPECT_EQ(state.selected, 42u);
  EXPECT_EQ(state.first_row, 40u);
  press(state, Kind::PageDown);
  EXPECT_EQ(state.selected, 49u);
  EXPECT_EQ(state.first_row, 40u);  // the last page is full, not scrolled past the end
  press(state, Kind::PageUp);
  EXPECT_EQ(state.selected, 39u);
  EXPECT_EQ(state.first_row, 30u);
  press(state, Kind::Home);
  EXPECT_EQ(state.selected, 0u);
  EXPECT_EQ(state.first_row, 0u);
  press(state, Kind::End);
  EXPECT_EQ(state.selected, 49u);
  EXPECT_EQ(state.first_row, 40u);
  for (int i = 0; i < 10; ++i) press(state, Kind::Up);
  EXPECT_EQ(state.selected, 39u);
  EXPECT_EQ(state.first_row, 39u);  // scrolled up with the selection
}

TEST(WatchKeys, PagingKeepsTheSelectionOnScreen) {
  WatchState state = with_findings(500);
  for (size_t page : {1u, 3u, 9u, 10u, 26u}) {
    for (Kind kind : {Kind::PageDown, Kind::PageDown, Kind::Down, Kind::PageUp, Kind::End, Kind::PageUp, Kind::Up,
                      Kind::PageUp, Kind::Home, Kind::PageDown}) {
      press(state, kind, page);
      EXPECT_GE(state.selected, state.first_row) << page;
      EXPECT_LT(state.selected, state.first_row + page) << page;
      EXPECT_LT(state.selected, 500u);
    }
  }
}

TEST(WatchKeys, MovingInAnEmptyTable) {
  WatchState state = state_with(base_frame());
  for (Kind kind : {Kind::Down, Kind::End, Kind::PageDown, Kind::Up}) {
    EXPECT_EQ(press(state, kind), WatchAction::None);
    EXPECT_EQ(state.selected, 0u);
  }
  EXPECT_EQ(press(state, Kind::Enter), WatchAction::None);  // nothing to explain
  EXPECT_EQ(press(state, 'e'), WatchAction::None);
  WatchState before_any_frame;
  EXPECT_EQ(press(before_any_frame, Kind::Down), WatchAction::None);
  EXPECT_EQ(press(before_any_frame, Kind::Enter), WatchAction::None);
}

TEST(WatchKeys, NearTheEndOfTheFetchedRowsTheNextOnesAreWanted) {
  WatchState state = with_findings(200);  // rows 0-199 of 10000
  state.frame->sockets_matched = 10000;
  EXPECT_EQ(press(state, Kind::PageDown), WatchAction::None);
  state.selected = 185;
  state.first_row = 180;
  EXPECT_EQ(press(state, Kind::Down), WatchAction::None);     // 186: more than a page above row 199
  EXPECT_EQ(press(state, Kind::Down), WatchAction::None);     // 187
  EXPECT_EQ(press(state, Kind::Down), WatchAction::None);     // 188
  EXPECT_EQ(press(state, Kind::Down), WatchAction::None);     // 189
  EXPECT_EQ(press(state, Kind::Down), WatchAction::Refetch);  // 190: the page below reaches past row 199
  EXPECT_EQ(state.selected, 190u);
  EXPECT_EQ(rows_wanted(state, kPage).offset, 161u);
  EXPECT_EQ(rows_wanted(state, kPage).rows, 50u);
}

TEST(WatchKeys, EndGoesToTheLastRowOfTheWholeListing) {
  WatchState state = with_findings(200);
  state.frame->sockets_matched = 10000;
  EXPECT_EQ(press(state, Kind::End), WatchAction::Refetch);
  EXPECT_EQ(state.selected, 9999u);
  EXPECT_EQ(state.first_row, 9990u);
  EXPECT_EQ(rows_wanted(state, kPage).offset, 9970u);  // the tail
  EXPECT_EQ(selected_cookie(state), std::nullopt);     // not fetched yet
  EXPECT_EQ(press(state, 'e'), WatchAction::None);

  // The tail arrives: the last rows are on screen, the last one selected.
  WatchFrame tail = base_frame();
  tail.sockets_offset = 9970;
  for (uint64_t cookie = 9970; cookie < 10000; ++cookie) add_row(tail, TcpState::Established, cookie);
  apply_frame(state, tail);
  EXPECT_EQ(state.selected, 9999u);
  EXPECT_EQ(selected_cookie(state), 9999u);
  EXPECT_EQ(press(state, 'e'), WatchAction::Explain);
  EXPECT_EQ(press(state, Kind::Up), WatchAction::None);
  EXPECT_EQ(selected_cookie(state), 9998u);

  // Home goes back to the top, which the tail does not hold.
  EXPECT_EQ(press(state, Kind::Home), WatchAction::Refetch);
  EXPECT_EQ(rows_wanted(state, kPage).offset, 0u);

  // With every match fetched there is nothing more to ask for.
  WatchState all = with_findings(200);
  EXPECT_EQ(press(all, Kind::End), WatchAction::None);
  EXPECT_EQ(all.selected, 199u);
  EXPECT_EQ(press(all, Kind::Home), WatchAction::None);
}

TEST(WatchKeys, ExplainTheSelectedSocket) {
  WatchState state = with_findings();
  press(state, Kind::Down);
  press(state, Kind::Down);
  EXPECT_EQ(press(state, Kind::Enter), WatchAction::Explain);
  EXPECT_EQ(selected_cookie(state), 3u);
  EXPECT_EQ(press(state, 'e'), WatchAction::Explain);
  EXPECT_EQ(state.pane, WatchPane::None);  // the caller opens the pane with the text
}

TEST(WatchKeys, FocusOnFindingsMovesAndOpensDetails) {
  WatchState state = with_findings();
  EXPECT_EQ(press(state, 'f'), WatchAction::None);
  EXPECT_EQ(state.focus, WatchFocus::Findings);
  press(state, Kind::Down);
  EXPECT_EQ(state.finding_selected, 1u);
  // The findings have their own pane: the table's selection is what `e` on
  // the sockets explains, wherever the focus is.
  EXPECT_EQ(selected_cookie(state), 1u);
  press(state, Kind::End);
  EXPECT_EQ(state.finding_selected, 2u);
  press(state, Kind::Down);
  EXPECT_EQ(state.finding_selected, 2u);
  EXPECT_EQ(state.selected, 0u);  // the socket selection did not move
  press(state, Kind::Home);
  EXPECT_EQ(state.finding_selected, 0u);

  EXPECT_EQ(press(state, Kind::Enter), WatchAction::None);
  EXPECT_EQ(state.pane, WatchPane::Finding);
  EXPECT_EQ(state.pane_title, "Finding: close_wait_buildup pid 812 (java)");
  ASSERT_GE(state.pane_lines.size(), 3u);
  EXPECT_EQ(state.pane_lines[0], "CRITICAL  40 in CLOSE_WAIT");
  EXPECT_EQ(press(state, Kind::Enter), WatchAction::None);  // Enter does not close a finding's pane
  EXPECT_EQ(state.pane, WatchPane::Finding);
  press(state, Kind::Escape);
  EXPECT_EQ(state.pane, WatchPane::None);

  press(state, 'e');
  EXPECT_EQ(state.pane, WatchPane::Finding);
  press(state, Kind::Escape);
  EXPECT_EQ(press(state, 'f'), WatchAction::None);
  EXPECT_EQ(state.focus, WatchFocus::Sockets);
}

TEST(WatchKeys, EnterWithoutFindingsDoesNothing) {
  WatchState state = state_with(frame_with_rows(3));
  press(state, 'f');
  EXPECT_EQ(press(state, Kind::Enter), WatchAction::None);
  EXPECT_EQ(press(state, 'e'), WatchAction::None);
  EXPECT_EQ(state.pane, WatchPane::None);
}

TEST(WatchKeys, PaneScrollsAndCloses) {
  WatchState state = with_findings();
  std::string text;
  for (int i = 0; i < 30; ++i) text += "line " + std::to_string(i) + "\n";
  show_pane(state, WatchPane::Explain, "Explain", text, kCols);
  ASSERT_EQ(state.pane_lines.size(), 30u);
  press(state, Kind::Up);
  EXPECT_EQ(state.pane_first, 0u);
  press(state, Kind::Down);
  EXPECT_EQ(state.pane_first, 1u);
  press(state, Kind::PageDown);
  EXPECT_EQ(state.pane_first, 11u);
  press(state, Kind::PageDown);
  press(state, Kind::PageDown);
  EXPECT_EQ(state.pane_first, 20u);  // the last screenful
  press(state, Kind::Down);
  EXPECT_EQ(state.pane_first, 20u);
  press(state, Kind::PageUp);
  EXPECT_EQ(state.pane_first, 10u);
  press(state, Kind::Home);
  EXPECT_EQ(state.pane_first, 0u);
  press(state, Kind::End);
  EXPECT_EQ(state.pane_first, 20u);
  EXPECT_EQ(state.selected, 0u);  // the table did not move
  EXPECT_EQ(press(state, 's'), WatchAction::None);  // table keys do nothing over a pane
  EXPECT_EQ(state.sort, WatchSort::Age);
  EXPECT_EQ(press(state, 'q'), WatchAction::Quit);

  EXPECT_EQ(press(state, 'e'), WatchAction::None);
  EXPECT_EQ(state.pane, WatchPane::None);
  show_pane(state, WatchPane::Explain, "Explain", text, kCols);
  press(state, Kind::Enter);
  EXPECT_EQ(state.pane, WatchPane::None);
  show_pane(state, WatchPane::Explain, "Explain", text, kCols);
  press(state, '?');
  EXPECT_EQ(state.pane, WatchPane::Explain);  // '?' closes only the help
  press(state, Kind::Escape);
  EXPECT_EQ(state.pane, WatchPane::None);
  EXPECT_TRUE(state.pane_lines.empty());
}

TEST(WatchKeys, HelpOpensAndCloses) {
  WatchState state = with_findings();
  EXPECT_EQ(press(state, '?'), WatchAction::None);
  EXPECT_EQ(state.pane, WatchPane::Help);
  EXPECT_EQ(state.pane_title, "Help: keys");
  EXPECT_EQ(press(state, 'e'), WatchAction::None);
  EXPECT_EQ(state.pane, WatchPane::Help);  // 'e' closes only the explanation
  press(state, '?');
  EXPECT_EQ(state.pane, WatchPane::None);
  press(state, '?');
  press(state, Kind::Escape);
  EXPECT_EQ(state.pane, WatchPane::None);
}

TEST(WatchKeys, PauseHoldsFramesAndUnpauseShowsTheNewest) {
  WatchState state = state_with(frame_with_rows(5));
  EXPECT_EQ(press(state, 'p'), WatchAction::None);
  EXPECT_TRUE(state.paused);

  WatchFrame second = frame_with_rows(6);
  set_count(second, TcpState::Established, 20);
  apply_frame(state, second);
  WatchFrame third = frame_with_rows(7);
  set_count(third, TcpState::Established, 30);
  apply_frame(state, third);
  EXPECT_EQ(state.frame->sockets.sockets.size(), 5u);  // still the paused one
  ASSERT_TRUE(state.held);
  EXPECT_EQ(state.held->sockets.sockets.size(), 7u);  // only the newest is kept
  Screen screen = layout_watch(state, kHost, 24, 80, kTakenAt);
  EXPECT_NE(line_text(screen.lines[0]).find("PAUSED"), std::string::npos);

  EXPECT_EQ(press(state, 'p'), WatchAction::None);
  EXPECT_FALSE(state.paused);
  EXPECT_FALSE(state.held);
  EXPECT_EQ(state.frame->sockets.sockets.size(), 7u);
  ASSERT_TRUE(state.previous);
  EXPECT_EQ((*state.previous)[TcpState::Established], 12u);  // the counts that were on screen
  EXPECT_EQ(state.frame->status.tcp[TcpState::Established], 30u);

  // Pausing and resuming with nothing new keeps the frame.
  press(state, 'p');
  press(state, 'p');
  EXPECT_EQ(state.frame->sockets.sockets.size(), 7u);
}

TEST(WatchKeys, ZeroPageRowsMovesByOne) {
  WatchState state = with_findings(20);
  press(state, Kind::PageDown, 0);
  EXPECT_EQ(state.selected, 1u);
  EXPECT_EQ(state.first_row, 1u);
}

}  // namespace
}  // namespace sockscope

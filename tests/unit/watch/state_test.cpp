#include <gtest/gtest.h>

#include "watch/table_window.h"
#include "watch/watch_screen.h"
#include "watch/watch_state.h"
#include "watch_fixtures.h"

namespace sockscope {
namespace {

using namespace test;

// Rows with these cookies, in this order.
WatchFrame frame_of_cookies(const std::vector<uint64_t>& cookies) {
  WatchFrame frame = base_frame();
  for (uint64_t cookie : cookies) add_row(frame, TcpState::Established, cookie);
  return frame;
}

TEST(WatchState, SortNames) {
  EXPECT_EQ(watch_sort_name(WatchSort::Age), "age");
  EXPECT_EQ(watch_sort_name(WatchSort::RecvQ), "recvq");
  EXPECT_EQ(watch_sort_name(WatchSort::SendQ), "sendq");
  EXPECT_EQ(watch_sort_name(WatchSort::State), "state");
}

TEST(WatchState, FirstFrameIsShownWithoutPreviousCounts) {
  WatchState state;
  apply_frame(state, frame_with_rows(3));
  ASSERT_TRUE(state.frame);
  EXPECT_FALSE(state.previous);
  EXPECT_EQ(state.selected, 0u);
  apply_frame(state, frame_with_rows(4));
  ASSERT_TRUE(state.previous);
  EXPECT_EQ((*state.previous)[TcpState::Listen], 4u);
}

TEST(WatchState, SelectionFollowsTheCookie) {
  std::vector<uint64_t> cookies;
  for (uint64_t c = 1; c <= 40; ++c) cookies.push_back(c);
  WatchState state = state_with(frame_of_cookies(cookies));
  state.selected = 14;  // cookie 15, on the 5th row of the screen
  state.first_row = 10;
  state.user_moved = true;

  // Ten new sockets sort in ahead of it.
  std::vector<uint64_t> moved;
  for (uint64_t c = 100; c < 110; ++c) moved.push_back(c);
  moved.insert(moved.end(), cookies.begin(), cookies.end());
  apply_frame(state, frame_of_cookies(moved));
  EXPECT_EQ(state.selected, 24u);
  EXPECT_EQ(state.first_row, 20u);  // the same place on screen
  EXPECT_EQ(selected_cookie(state), 15u);

  // Moved to the top: the screen cannot keep its offset.
  apply_frame(state, frame_of_cookies({15, 1, 2}));
  EXPECT_EQ(state.selected, 0u);
  EXPECT_EQ(state.first_row, 0u);
  EXPECT_EQ(selected_cookie(state), 15u);
}

TEST(WatchState, UntilTheUserMovesTheTableStaysAtTheTop) {
  // Sorted by Recv-Q: three new sockets with full queues sort in ahead.
  WatchState state = state_with(frame_of_cookies({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}));
  apply_frame(state, frame_of_cookies({101, 102, 103, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}));
  EXPECT_EQ(state.selected, 0u);
  EXPECT_EQ(state.first_row, 0u);
  EXPECT_EQ(selected_cookie(state), 101u);
  Screen screen = layout_watch(state, kHost, 24, 80, kTakenAt);
  std::string bar = line_text(screen.lines[static_cast<size_t>(find_line(screen, "Sockets:"))]);
  EXPECT_NE(bar.find(" 1-"), std::string::npos) << "the worst rows are on screen: " << bar;

  // Once the user moved, the selection follows its socket.
  handle_key(state, Key::of(Key::Kind::Down), 10, 80);
  EXPECT_TRUE(state.user_moved);
  EXPECT_EQ(selected_cookie(state), 102u);
  apply_frame(state, frame_of_cookies({201, 101, 102, 103}));
  EXPECT_EQ(selected_cookie(state), 102u);
  EXPECT_EQ(state.selected, 2u);

  // Back on the first row (Up, PgUp or Home) the top is followed again.
  for (Key::Kind back : {Key::Kind::Up, Key::Kind::PageUp, Key::Kind::Home}) {
    handle_key(state, Key::of(Key::Kind::Down), 10, 80);
    EXPECT_TRUE(state.user_moved);
    while (state.selected > 0) handle_key(state, Key::of(back), 10, 80);
    EXPECT_FALSE(state.user_moved);
    apply_frame(state, frame_of_cookies({301, 201, 101, 102, 103}));
    EXPECT_EQ(state.selected, 0u);
    EXPECT_EQ(state.first_row, 0u);
    EXPECT_EQ(selected_cookie(state), 301u);
    apply_frame(state, frame_of_cookies({201, 101, 102, 103}));
  }
}

TEST(WatchState, SelectionIsClampedWhenTheSocketIsGone) {
  WatchState state = state_with(frame_of_cookies({1, 2, 3, 4, 5, 6}));
  state.selected = 5;
  state.first_row = 2;
  state.user_moved = true;
  apply_frame(state, frame_of_cookies({1, 2, 3}));
  EXPECT_EQ(state.selected, 2u);
  EXPECT_EQ(state.first_row, 2u);
  EXPECT_EQ(selected_cookie(state), 3u);
  apply_frame(state, frame_of_cookies({}));
  EXPECT_EQ(state.selected, 0u);
  EXPECT_EQ(state.first_row, 0u);
  EXPECT_EQ(selected_cookie(state), std::nullopt);
}

TEST(WatchState, FindingSelectionFollowsItsId) {
  WatchFrame frame = base_frame();
  frame.findings = {finding(Severity::Warning, "half_open", "host", "a"),
                    finding(Severity::Info, "orphans", "host", "b", {42})};
  WatchState state = state_with(frame);
  state.focus = WatchFocus::Findings;
  state.finding_selected = 1;
  frame.findings.insert(frame.findings.begin(), finding(Severity::Critical, "syn_flood", "port 80", "c"));
  apply_frame(state, frame);
  EXPECT_EQ(state.finding_selected, 2u);
  EXPECT_EQ(state.frame->findings[state.finding_selected].kind, "orphans");
  frame.findings.clear();
  apply_frame(state, frame);
  EXPECT_EQ(state.finding_selected, 0u);
}

TEST(WatchState, PollsShownCountsOnlyPollsThatReachedTheScreen) {
  WatchState state = state_with(frame_with_rows(2));
  EXPECT_EQ(state.polls_shown, 1u);

  // Polls held back while paused are not refreshes; unpausing shows the newest.
  handle_key(state, Key::character('p'), 10, 80);
  for (auto later : {1s, 2s, 3s}) {
    WatchFrame frame = frame_with_rows(2);
    frame.status.taken_at += later;
    apply_frame(state, frame);
  }
  EXPECT_EQ(state.polls_shown, 1u);
  handle_key(state, Key::character('p'), 10, 80);
  EXPECT_EQ(state.frame->status.taken_at, kTakenAt + 3s);
  EXPECT_EQ(state.polls_shown, 2u);

  // The same poll asked again (a new sort or filter) is not another refresh.
  WatchFrame again = frame_with_rows(5);
  again.status.taken_at = kTakenAt + 3s;
  apply_frame(state, again);
  EXPECT_EQ(state.polls_shown, 2u);

  WatchFrame next = frame_with_rows(5);
  next.status.taken_at = kTakenAt + 4s;
  apply_frame(state, next);
  EXPECT_EQ(state.polls_shown, 3u);
}

TEST(WatchState, SourceErrorShowsUntilAFrameArrives) {
  WatchState state = state_with(frame_with_rows(2));
  apply_source_error(state, "the daemon went away");
  ASSERT_TRUE(state.source_error);
  EXPECT_EQ(*state.source_error, "the daemon went away");
  ASSERT_TRUE(state.frame);  // the last frame stays on screen
  EXPECT_EQ(line_text(layout_watch(state, kHost, 24, 80, kTakenAt).lines[23]), "the daemon went away");
  apply_frame(state, frame_with_rows(2));
  EXPECT_FALSE(state.source_error);

  state.paused = true;  // a frame kept aside still says the source works
  apply_source_error(state, "again");
  apply_frame(state, frame_with_rows(2));
  EXPECT_FALSE(state.source_error);
}

TEST(WatchState, FitToPageAfterAShrink) {
  WatchState state = state_with(frame_with_rows(100));
  state.selected = 15;
  state.first_row = 0;
  fit_to_page(state, 20);
  EXPECT_EQ(state.first_row, 0u);
  fit_to_page(state, 5);
  EXPECT_EQ(state.first_row, 11u);
  EXPECT_EQ(state.selected, 15u);
  // Growing back: no blank rows under the last socket.
  state.selected = 99;
  state.first_row = 95;
  fit_to_page(state, 30);
  EXPECT_EQ(state.first_row, 70u);

  std::string text;
  for (int i = 0; i < 40; ++i) text += "x\n";
  show_pane(state, WatchPane::Explain, "Explain", text, 80);
  state.pane_first = 30;
  fit_to_page(state, 20);
  EXPECT_EQ(state.pane_first, 20u);
  fit_to_page(state, 50);
  EXPECT_EQ(state.pane_first, 0u);
}

TEST(WatchState, FitToPageAfterTheListShrank) {
  WatchState state = state_with(frame_with_rows(3));
  state.selected = 50;
  state.first_row = 45;
  state.focus = WatchFocus::Findings;
  state.finding_selected = 9;
  state.findings_first = 9;
  fit_to_page(state, 10);
  EXPECT_EQ(state.selected, 2u);
  EXPECT_EQ(state.first_row, 0u);
  EXPECT_EQ(state.finding_selected, 0u);
  EXPECT_EQ(state.findings_first, 0u);
}

TEST(WatchState, PageRowsMatchTheLayoutAfterAResize) {
  WatchState state = state_with(frame_with_rows(100));
  state.selected = 40;
  for (auto [rows, cols] : {std::pair<size_t, size_t>{50, 132}, {24, 80}, {12, 40}}) {
    size_t page = page_rows(state, rows, cols);
    fit_to_page(state, page);
    Screen screen = layout_watch(state, kHost, rows, cols, kTakenAt);
    int selected_row = -1;
    for (size_t i = 0; i < screen.lines.size(); ++i) {
      if (!screen.lines[i].spans.empty() && screen.lines[i].spans[0].style == Style::Selected) {
        selected_row = static_cast<int>(i);
      }
    }
    ASSERT_GE(selected_row, 0) << rows << "x" << cols;
    // The bar says which rows are on screen, and the selected one is among them.
    std::string bar = line_text(screen.lines[static_cast<size_t>(find_line(screen, "Sockets:"))]);
    EXPECT_NE(bar.find(std::to_string(state.first_row + 1) + "-" + std::to_string(state.first_row + page)),
              std::string::npos)
        << bar;
    EXPECT_EQ(line_text(screen.lines[static_cast<size_t>(selected_row)]).substr(12, 6), "   41s");
  }
}

TEST(WatchState, RowsWantedIsAWindowAroundTheView) {
  WatchState state = state_with(frame_with_rows(10));
  // The page on screen and two more on either side; a page is at least a row.
  EXPECT_EQ(rows_wanted(state, 0).offset, 0u);
  EXPECT_EQ(rows_wanted(state, 0).rows, 5u);
  EXPECT_EQ(rows_wanted(state, 9).offset, 0u);
  EXPECT_EQ(rows_wanted(state, 9).rows, 45u);
  // Far down a long listing: no more rows than at the top.
  state.frame->sockets_matched = 1'000'000;
  state.user_moved = true;
  state.selected = 500'000;
  state.first_row = 499'995;
  EXPECT_EQ(rows_wanted(state, 10).offset, 499'975u);
  EXPECT_EQ(rows_wanted(state, 10).rows, 50u);
  EXPECT_EQ(rows_wanted(state, 100).offset, 499'795u);
  EXPECT_EQ(rows_wanted(state, 100).rows, 500u);
  // At the end: the last rows.
  state.selected = 999'999;
  state.first_row = 999'990;
  EXPECT_EQ(rows_wanted(state, 10).offset, 999'970u);
}

TEST(WatchState, NeedsRowsWhenTheWindowFallsShortOfTheView) {
  WatchFrame window = base_frame();
  window.sockets_offset = 1000;
  for (uint64_t position = 1000; position < 1200; ++position) add_row(window, TcpState::Established, position);
  window.sockets_matched = 5000;
  WatchState state = state_with(window);
  state.user_moved = true;
  state.selected = state.first_row = 1050;
  EXPECT_FALSE(needs_rows(state, 10));
  EXPECT_EQ(selected_cookie(state), 1050u);
  state.selected = state.first_row = 1005;  // within a page of the rows above, not fetched
  EXPECT_TRUE(needs_rows(state, 10));
  state.selected = state.first_row = 1185;  // within a page of the rows below
  EXPECT_TRUE(needs_rows(state, 10));
  state.selected = state.first_row = 3000;  // nothing of it fetched
  EXPECT_TRUE(needs_rows(state, 10));
  EXPECT_EQ(selected_cookie(state), std::nullopt);

  // The listing shrank under the selection: it is clamped to the new last
  // row, which the frame (asked for rows from 2980, and so empty at the end
  // of the listing, as the sources cut it) does not hold.
  WatchFrame shrunk = base_frame();
  shrunk.sockets_offset = 100;
  shrunk.sockets_matched = 100;
  apply_frame(state, shrunk);
  EXPECT_EQ(state.selected, 99u);
  EXPECT_TRUE(needs_rows(state, 10));
  EXPECT_EQ(rows_wanted(state, 10).offset, 70u);

  // Everything fetched: nothing to ask for.
  WatchState small = state_with(frame_with_rows(30));
  small.selected = small.first_row = 25;
  EXPECT_FALSE(needs_rows(small, 10));
}

TEST(WatchState, SelectionFollowsItsSocketWithinAWindow) {
  WatchFrame window = base_frame();
  window.sockets_offset = 100;
  for (uint64_t cookie = 100; cookie < 300; ++cookie) add_row(window, TcpState::Established, cookie);
  WatchState state = state_with(window);
  state.user_moved = true;
  state.selected = 150;
  state.first_row = 145;
  // Ten new sockets sort in ahead of the window: every row moves down ten.
  WatchFrame moved = base_frame();
  moved.sockets_offset = 100;
  for (uint64_t cookie = 90; cookie < 290; ++cookie) add_row(moved, TcpState::Established, cookie);
  moved.sockets_matched = 400;
  apply_frame(state, moved);
  EXPECT_EQ(selected_cookie(state), 150u);
  EXPECT_EQ(state.selected, 160u);
  EXPECT_EQ(state.first_row, 155u);
}

TEST(WatchState, TheSelectedSocketAnchorsTheWindowOnceTheUserMoved) {
  WatchFrame window = base_frame();
  window.sockets_offset = 100;
  for (uint64_t cookie = 100; cookie < 300; ++cookie) add_row(window, TcpState::Established, cookie);
  window.sockets_matched = 5000;
  WatchState state = state_with(window);
  state.selected = state.first_row = 150;
  EXPECT_FALSE(rows_wanted(state, 10).anchor) << "at the top of the table nothing is followed";

  state.user_moved = true;
  RowWindow wanted = rows_wanted(state, 10);
  EXPECT_EQ(wanted.offset, 130u);
  ASSERT_TRUE(wanted.anchor.has_value());
  EXPECT_EQ(*wanted.anchor, 150u);
  EXPECT_EQ(wanted.anchor_row, 20u);

  // The socket moved 300 rows down; the source sends the window around it.
  WatchFrame moved = base_frame();
  moved.sockets_offset = 430;
  for (uint64_t cookie = 430; cookie < 480; ++cookie) add_row(moved, TcpState::Established, cookie - 300);
  moved.sockets_matched = 5000;
  apply_frame(state, moved);
  EXPECT_EQ(selected_cookie(state), 150u);
  EXPECT_EQ(state.selected, 450u);
  EXPECT_EQ(state.first_row, 450u);

  // A row not fetched anchors nothing: the window is asked by position.
  state.selected = state.first_row = 4000;
  EXPECT_FALSE(rows_wanted(state, 10).anchor);
}

TEST(WatchState, ShowPaneWrapsLongLines) {
  WatchState state;
  state.pane_first = 7;
  std::string text =
      "Title line\n"
      "  Queues: the receive queue holds 4.0 MiB that the application has not read for a long while now.\n"
      "\tTabbed\n"
      "\n"
      "[2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff]:54321->[2001:db8:1111:2222:3333:4444:5555:6666]:443\n"
      "bell\x07 here";
  show_pane(state, WatchPane::Explain, "Explain", text, 50);
  EXPECT_EQ(state.pane, WatchPane::Explain);
  EXPECT_EQ(state.pane_title, "Explain");
  EXPECT_EQ(state.pane_first, 0u);
  EXPECT_EQ(state.pane_lines, (std::vector<std::string>{
                                  "Title line",
                                  "  Queues: the receive queue holds 4.0 MiB that the",
                                  "  application has not read for a long while now.",
                                  "        Tabbed",
                                  "",
                                  "[2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff]:54321->[2",
                                  "001:db8:1111:2222:3333:4444:5555:6666]:443",
                                  "bell? here",
                              }));
  for (const std::string& line : state.pane_lines) EXPECT_LE(code_points(line), 50u);
}

TEST(WatchState, ShowPaneNeverWrapsNarrowerThanTheSmallestScreen) {
  WatchState state;
  show_pane(state, WatchPane::Help, "Help", std::string(45, 'a'), 10);
  EXPECT_EQ(state.pane_lines, (std::vector<std::string>{std::string(40, 'a'), std::string(5, 'a')}));
}

}  // namespace
}  // namespace sockscope

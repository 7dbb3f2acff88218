#include <gtest/gtest.h>

#include "watch/text_cells.h"
#include "watch/watch_screen.h"
#include "watch_fixtures.h"

namespace sockscope {
namespace {

using namespace test;

const auto kNow = kTakenAt + 400ms;

// Every screen: exactly `rows` lines, none wider than `cols` columns,
// nothing unprintable.
void expect_well_formed(const Screen& screen, size_t rows, size_t cols) {
  ASSERT_EQ(screen.lines.size(), rows);
  EXPECT_EQ(screen.rows, rows);
  EXPECT_EQ(screen.cols, cols);
  for (const ScreenLine& line : screen.lines) {
    std::string text = line_text(line);
    EXPECT_LE(watch_text::columns(text), cols) << text;
    for (char c : text) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7f) << text;
  }
}

// A busy frame: trends, changes since the previous frame, five findings
// and 30 sockets.
WatchState busy_state() {
  WatchFrame before = base_frame();
  set_count(before, TcpState::Established, 10);
  set_count(before, TcpState::TimeWait, 15);
  WatchFrame frame = frame_with_rows(30);
  frame.trend[static_cast<size_t>(TcpState::Established)] = {10, 11, 12};
  frame.trend[static_cast<size_t>(TcpState::TimeWait)] = {15, 15, 3};
  frame.findings = {
      finding(Severity::Critical, "close_wait_buildup", "pid 812 (java)", "40 sockets in CLOSE_WAIT", {3, 4}),
      finding(Severity::Warning, "listen_overflow", "port 8080", "accept queue full 12 times"),
      finding(Severity::Warning, "send_stalled", "10.0.0.9:443", "send queue stuck for 30s"),
      finding(Severity::Warning, "half_open", "host", "5 half-open connections"),
      finding(Severity::Info, "time_wait_buildup", "host", "TIME_WAIT at 10% of its limit"),
  };
  WatchState state = state_with(std::move(before));
  apply_frame(state, std::move(frame));
  return state;
}

TEST(WatchLayout, At80x24EverySection) {
  WatchState state = busy_state();
  Screen screen = layout_watch(state, kHost, 24, 80, kNow);
  expect_well_formed(screen, 24, 80);
  auto text = screen_text(screen);

  EXPECT_EQ(text[0].substr(0, 66), "sockscope  web1  6.1.0-18-amd64  daemon  polled 0.4s ago in 3.1 ms");
  EXPECT_EQ(code_points(text[0]), 80u);  // the title bar spans the width
  EXPECT_EQ(style_of(screen.lines[0], "sockscope"), Style::Title);

  // Six grid lines, two cells each, in kernel order.
  EXPECT_EQ(text[1], "ESTABLISHED      12 +2     ▁▅█          SYN_SENT          0        ");
  EXPECT_EQ(text[2].substr(0, 8), "SYN_RECV");
  EXPECT_EQ(text[2].substr(40, 9), "FIN_WAIT1");
  EXPECT_EQ(text[3].substr(0, 9), "FIN_WAIT2");
  EXPECT_EQ(text[3].substr(40), "TIME_WAIT         3 -12    ██▁");
  EXPECT_EQ(text[4].substr(0, 5), "CLOSE");
  EXPECT_EQ(text[4].substr(40), "CLOSE_WAIT        1        ");
  EXPECT_EQ(text[5].substr(0, 8), "LAST_ACK");
  EXPECT_EQ(text[5].substr(40), "LISTEN            4        ");
  EXPECT_EQ(text[6], "CLOSING           0        ");
  EXPECT_EQ(style_of(screen.lines[1], "SYN_SENT"), Style::Dim);
  EXPECT_EQ(style_of(screen.lines[1], "ESTABLISHED"), Style::Normal);
  EXPECT_EQ(style_of(screen.lines[1], "+2"), Style::Info);
  EXPECT_EQ(style_of(screen.lines[3], "-12"), Style::Info);

  EXPECT_EQ(text[7], "mem 940K normal (pressure 1.5G, max 2.2G)  orphans 0/131072  tw 3/131072");
  EXPECT_EQ(style_of(screen.lines[7], "normal"), Style::Good);

  // Three finding lines at 24 rows: two findings and how many more.
  EXPECT_EQ(text[8], "Findings: 5 (1 critical, 3 warning, 1 info)");
  EXPECT_EQ(style_of(screen.lines[8], "Findings"), Style::Heading);
  EXPECT_EQ(text[9], "CRIT  close_wait_buildup  pid 812 (java): 40 sockets in CLOSE_WAIT");
  EXPECT_EQ(style_of(screen.lines[9], "CRIT"), Style::Critical);
  EXPECT_EQ(text[10], "WARN  listen_overflow  port 8080: accept queue full 12 times");
  EXPECT_EQ(style_of(screen.lines[10], "WARN"), Style::Warning);
  EXPECT_EQ(text[11], "... 3 more (f to list)");
  EXPECT_EQ(style_of(screen.lines[11], "more"), Style::Dim);

  EXPECT_EQ(text[12], "Sockets: 30 match  sort age  1-9");
  EXPECT_EQ(style_of(screen.lines[12], "Sockets"), Style::Heading);
  EXPECT_EQ(text[13], "State          Age  Recv-Q  Send-Q  Local           Peer            Process     ");
  EXPECT_EQ(style_of(screen.lines[13], "State"), Style::Heading);
  EXPECT_EQ(text[14], "ESTABLISHED     1s       0       0  10.0.0.1:80     10.0.0.2:5000   -           ");
  EXPECT_EQ(style_of(screen.lines[14], "ESTABLISHED"), Style::Selected);  // the first row is selected
  EXPECT_EQ(style_of(screen.lines[15], "ESTABLISHED"), Style::Normal);
  EXPECT_EQ(text[22].substr(0, 20), "ESTABLISHED     9s  ");

  EXPECT_EQ(text[23], "q quit  s sort  / filter  arrows move  e explain  f findings  p pause  ? help");
  EXPECT_EQ(style_of(screen.lines[23], "q quit"), Style::Dim);
  EXPECT_FALSE(screen.cursor);
  EXPECT_EQ(page_rows(state, 24, 80), 9u);
}

TEST(WatchLayout, At132x40) {
  WatchState state = busy_state();
  state.frame->findings.push_back(finding(Severity::Info, "orphans", "host", "3 orphans"));
  state.frame->findings.push_back(finding(Severity::Info, "rst_storm", "host", "resets"));
  Screen screen = layout_watch(state, kHost, 40, 132, kNow);
  expect_well_formed(screen, 40, 132);
  auto text = screen_text(screen);

  // Three cells a line, 44 columns each: four lines.
  EXPECT_EQ(text[1].substr(0, 36), "ESTABLISHED      12 +2     ▁▅█");  // 27 columns, 3 blocks
  EXPECT_EQ(text[1].substr(44 + 6, 8), "SYN_SENT");  // after three 3-byte sparkline blocks
  EXPECT_NE(text[1].find("SYN_RECV"), std::string::npos);
  EXPECT_EQ(text[2].substr(0, 9), "FIN_WAIT1");
  EXPECT_EQ(text[4].substr(0, 6), "LISTEN");
  EXPECT_NE(text[4].find("CLOSING"), std::string::npos);
  EXPECT_EQ(text[5].substr(0, 4), "mem ");

  // rows / 8 = 5 finding lines for 7 findings: four, then "3 more".
  EXPECT_EQ(text[6], "Findings: 7 (1 critical, 3 warning, 3 info)");
  EXPECT_EQ(text[7].substr(0, 4), "CRIT");
  EXPECT_EQ(text[10], "WARN  half_open  host: 5 half-open connections");
  EXPECT_EQ(text[11], "... 3 more (f to list)");

  EXPECT_EQ(text[12], "Sockets: 30 match  sort age  1-25");
  // Local and Peer get (132 - 40 - 12) / 2 = 40 columns each.
  EXPECT_EQ(text[13].find("Peer") - text[13].find("Local"), 42u);
  EXPECT_EQ(text[13].find("Process") - text[13].find("Peer"), 42u);
  EXPECT_EQ(page_rows(state, 40, 132), 25u);
  EXPECT_EQ(text[39].substr(0, 6), "q quit");
}

TEST(WatchLayout, At120ColumnsTheGridHasThreeColumns) {
  WatchState state = busy_state();
  auto text = screen_text(layout_watch(state, kHost, 24, 120, kNow));
  EXPECT_EQ(text[4].substr(0, 6), "LISTEN");
  EXPECT_EQ(text[5].substr(0, 4), "mem ");
  auto narrower = screen_text(layout_watch(state, kHost, 24, 119, kNow));
  EXPECT_EQ(narrower[7].substr(0, 4), "mem ");
}

TEST(WatchLayout, At40x10ThingsAreCutButItWorks) {
  WatchState state = busy_state();
  Screen screen = layout_watch(state, kHost, 10, 40, kNow);
  expect_well_formed(screen, 10, 40);
  auto text = screen_text(screen);
  EXPECT_EQ(text[0], "sockscope  web1  6.1.0-18-amd64  daemon ");
  // Only states with a count or a change, two a line: fewer grid lines.
  EXPECT_EQ(text[1], "ESTABLISHED      12 TIME_WAIT         3 ");
  EXPECT_EQ(text[2], "CLOSE_WAIT        1 LISTEN            4 ");
  EXPECT_EQ(text[3].substr(0, 9), "mem 940K ");
  EXPECT_EQ(text[4], "Findings: 5 (1 critical, 3 warning, 1 in");
  EXPECT_EQ(text[5], "Sockets: 30 match  sort age  1-2");
  EXPECT_EQ(text[6].substr(0, 20), "State          Age  ");
  EXPECT_EQ(text[7].substr(0, 20), "ESTABLISHED     1s  ");
  EXPECT_EQ(text[8].substr(0, 20), "ESTABLISHED     2s  ");
  EXPECT_EQ(text[9], "q quit  s sort  / filter  arrows move  e");
  EXPECT_EQ(page_rows(state, 10, 40), 2u);
}

TEST(WatchLayout, BelowFortyByTenTheTerminalIsTooSmall) {
  WatchState state = busy_state();
  for (auto [rows, cols] : {std::pair<size_t, size_t>{9, 80}, {24, 39}, {3, 20}}) {
    Screen screen = layout_watch(state, kHost, rows, cols, kNow);
    expect_well_formed(screen, rows, cols);
    EXPECT_EQ(line_text(screen.lines[0]), std::string("terminal too small").substr(0, cols));
    for (size_t i = 1; i < rows; ++i) EXPECT_EQ(line_text(screen.lines[i]), "");
    EXPECT_FALSE(screen.cursor);
  }
  EXPECT_TRUE(layout_watch(state, kHost, 0, 80, kNow).lines.empty());
}

TEST(WatchLayout, EverySizeFromSmallestToLarge) {
  WatchState state = busy_state();
  state.frame->sockets.sockets[0].local = endpoint("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", 54321);
  state.frame->sockets.sockets[0].family = Family::Inet6;
  for (size_t rows = 8; rows <= 45; ++rows) {
    for (size_t cols : {38, 40, 41, 60, 79, 80, 81, 100, 119, 120, 132, 200}) {
      Screen screen = layout_watch(state, kHost, rows, cols, kNow);
      expect_well_formed(screen, rows, cols);
      if (rows >= 10 && cols >= 40) {
        EXPECT_EQ(line_text(screen.lines[0]).substr(0, 9), "sockscope");
        EXPECT_EQ(find_line(screen, "Sockets:"), static_cast<int>(rows - 3 - page_rows(state, rows, cols)))
            << rows << "x" << cols;
      }
    }
  }
}

TEST(WatchLayout, LongEndpointAndProcessAreCutNotWrapped) {
  WatchFrame frame = base_frame();
  SocketRecord& s = add_row(frame, TcpState::CloseWait, 7);
  s = record(Proto::Tcp, TcpState::CloseWait, "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", 54321,
             "2001:db8:1111:2222:3333:4444:5555:6666", 443, 77);
  s.cookie = 7;
  frame.sockets.processes = owners_index({{77, {{123456, "averyveryverylongname", 5}, {9, "sidecar", 6}}}});
  WatchState state = state_with(std::move(frame));
  Screen screen = layout_watch(state, kHost, 24, 80, kNow);
  expect_well_formed(screen, 24, 80);
  int row = find_line(screen, "[2001:d");
  ASSERT_EQ(row, 11);  // no findings: the first table row
  // Local and Peer 14 columns each, Process 12: both ends kept around a '~'.
  EXPECT_EQ(line_text(screen.lines[static_cast<size_t>(row)]),
            "CLOSE_WAIT     10s       0       0  [2001:d~:54321  [2001:d~6]:443  averyv~456+1");
  EXPECT_EQ(line_text(screen.lines[static_cast<size_t>(row) + 1]), "");  // not wrapped
}

TEST(WatchLayout, ProcessColumnShowsOwners) {
  WatchFrame frame = base_frame();
  add_row(frame, TcpState::Listen, 1);
  add_row(frame, TcpState::Established, 2);
  add_row(frame, TcpState::TimeWait, 3, std::nullopt);
  frame.sockets.sockets[2].inode = 0;  // TIME_WAIT has no owner
  frame.sockets.processes = owners_index({{1001, {{812, "nginx", 3}, {813, "nginx", 3}, {814, "nginx", 3}, {815, "nginx", 3}}},
                                          {1002, {{900, "curl\x1b", 4}}}});
  WatchState state = state_with(std::move(frame));
  auto text = screen_text(layout_watch(state, kHost, 24, 80, kNow));
  // No findings: the table's rows start under the bar (9) and the header (10).
  EXPECT_EQ(text[9], "Sockets: 3 match  sort age  1-3");
  auto row = [&](size_t i) { return text[11 + i]; };
  EXPECT_EQ(row(0).substr(68), "nginx/812+3 ");
  EXPECT_EQ(row(1).substr(68), "curl?/900   ");  // a control character in a name shows as '?'
  EXPECT_EQ(row(2).substr(0, 20), "TIME_WAIT        -  ");
  EXPECT_EQ(row(2).substr(68), "-           ");
}

TEST(WatchLayout, NewSynRecvShowsAsSynRecv) {
  WatchFrame frame = base_frame();
  add_row(frame, TcpState::NewSynRecv, 1);
  WatchState state = state_with(std::move(frame));
  Screen screen = layout_watch(state, kHost, 24, 80, kNow);
  EXPECT_EQ(line_text(screen.lines[11]).substr(0, 12), "SYN_RECV    ");
}

TEST(WatchLayout, SocketsBarWithFilterAndPartialFetch) {
  WatchState state = state_with(frame_with_rows(200));
  state.frame->sockets_matched = 5000;
  state.filter_line = "state established";
  Screen screen = layout_watch(state, kHost, 24, 80, kNow);
  EXPECT_EQ(line_text(screen.lines[9]), "Sockets: 5000 match  sort age  filter: state established  1-12");
}

TEST(WatchLayout, TableShowsAWindowFarDownTheListing) {
  WatchFrame frame = base_frame();
  frame.sockets_offset = 4800;
  for (uint64_t position = 4800; position < 5000; ++position) {
    add_row(frame, TcpState::Established, position, 1.0, static_cast<uint16_t>(position));
  }
  WatchState state = state_with(frame);
  state.user_moved = true;
  state.selected = 4990;
  state.first_row = 4988;
  Screen screen = layout_watch(state, kHost, 24, 80, kNow);
  EXPECT_EQ(line_text(screen.lines[9]), "Sockets: 5000 match  sort age  4989-5000");
  EXPECT_NE(line_text(screen.lines[11]).find("10.0.0.1:4988"), std::string::npos) << line_text(screen.lines[11]);
  EXPECT_NE(line_text(screen.lines[13]).find("10.0.0.1:4990"), std::string::npos) << line_text(screen.lines[13]);
  EXPECT_EQ(screen.lines[13].spans[0].style, Style::Selected);
  EXPECT_NE(line_text(screen.lines[22]).find("10.0.0.1:4999"), std::string::npos) << line_text(screen.lines[22]);
  expect_well_formed(screen, 24, 80);
}

TEST(WatchLayout, EmptyTable) {
  WatchState state = state_with(base_frame());
  Screen screen = layout_watch(state, kHost, 24, 80, kNow);
  EXPECT_EQ(line_text(screen.lines[8]), "Findings: none");
  EXPECT_EQ(style_of(screen.lines[8], "Findings"), Style::Good);
  EXPECT_EQ(line_text(screen.lines[9]), "Sockets: 0 match  sort age  none");
  EXPECT_EQ(line_text(screen.lines[11]), "no sockets");
  EXPECT_EQ(style_of(screen.lines[11], "no sockets"), Style::Dim);

  state.filter_line = "sport 9";
  screen = layout_watch(state, kHost, 24, 80, kNow);
  EXPECT_EQ(line_text(screen.lines[9]), "Sockets: 0 match  sort age  filter: sport 9  none");
  EXPECT_EQ(line_text(screen.lines[11]), "no sockets match");
}

TEST(WatchLayout, TitleInDirectModeAndOlderPolls) {
  WatchFrame frame = base_frame();
  frame.from_daemon = false;
  frame.interval_s = 2;
  WatchState state = state_with(std::move(frame));
  auto title = [&](std::chrono::system_clock::time_point now) {
    return line_text(layout_watch(state, kHost, 24, 100, now).lines[0]);
  };
  EXPECT_EQ(title(kTakenAt + 12300ms).substr(0, 74),
            "sockscope  web1  6.1.0-18-amd64  direct every 2s  polled 12s ago in 3.1 ms");
  EXPECT_NE(title(kTakenAt + 9400ms).find("polled 9.4s ago"), std::string::npos);
  EXPECT_NE(title(kTakenAt - 2s).find("polled 0.0s ago"), std::string::npos);  // a clock step back
  state.frame->interval_s = 0.5;
  EXPECT_NE(title(kNow).find("direct every 0.5s  polled"), std::string::npos);
}

TEST(WatchLayout, WaitingForTheFirstPoll) {
  WatchState state;
  Screen screen = layout_watch(state, kHost, 24, 80, kNow);
  expect_well_formed(screen, 24, 80);
  EXPECT_EQ(line_text(screen.lines[0]).substr(0, 59), "sockscope  web1  6.1.0-18-amd64  waiting for the first poll");
  for (size_t i = 1; i < 23; ++i) EXPECT_EQ(line_text(screen.lines[i]), "");
  apply_source_error(state, "cannot connect to the daemon: No such file or directory");
  screen = layout_watch(state, kHost, 24, 80, kNow);
  EXPECT_EQ(line_text(screen.lines[23]), "cannot connect to the daemon: No such file or directory");
  EXPECT_EQ(style_of(screen.lines[23], "cannot"), Style::Critical);
}

TEST(WatchLayout, PausedStaysAtTheRightWhenTheTitleIsCut) {
  WatchState state = busy_state();
  state.paused = true;
  Screen screen = layout_watch(state, kHost, 24, 80, kNow);
  std::string title = line_text(screen.lines[0]);
  EXPECT_EQ(code_points(title), 80u);
  EXPECT_EQ(title.substr(74), "PAUSED");
  EXPECT_EQ(style_of(screen.lines[0], "PAUSED"), Style::Warning);

  WatchHost long_host{"a-very-long-host-name.with.a.domain.example.org", "6.1.0-18-amd64"};
  screen = layout_watch(state, long_host, 24, 60, kNow);
  title = line_text(screen.lines[0]);
  EXPECT_EQ(code_points(title), 60u);
  EXPECT_EQ(title.substr(0, 53), "sockscope  a-very-long-host-name.with.a.domain.exampl");
  EXPECT_EQ(title.substr(53), " PAUSED");
}

TEST(WatchLayout, MemoryZonesAndUnknownFigures) {
  WatchFrame frame = base_frame();
  frame.status.tcp_mem.zone = MemoryZone::AboveMin;
  WatchState state = state_with(frame);
  EXPECT_EQ(style_of(layout_watch(state, kHost, 24, 80, kNow).lines[7], "above min"), Style::Info);

  frame.status.tcp_mem.zone = MemoryZone::Pressure;
  frame.status.tcp_mem.over_max = true;
  state = state_with(frame);
  Screen screen = layout_watch(state, kHost, 24, 100, kNow);
  EXPECT_EQ(line_text(screen.lines[7]),
            "mem 940K pressure, over max (pressure 1.5G, max 2.2G)  orphans 0/131072  tw 3/131072");
  EXPECT_EQ(style_of(screen.lines[7], "pressure, over max"), Style::Critical);

  frame.status.tcp_mem = TcpMemory{};
  frame.status.sockstat.lines.clear();
  frame.status.sysctls.tcp_max_tw_buckets.reset();
  state = state_with(frame);
  screen = layout_watch(state, kHost, 24, 80, kNow);
  EXPECT_EQ(line_text(screen.lines[7]), "mem ? unknown (pressure ?, max ?)  orphans ?/131072  tw ?/?");
}

TEST(WatchLayout, FooterModes) {
  WatchState state = busy_state();
  state.filter_input = "state listen";
  Screen screen = layout_watch(state, kHost, 24, 80, kNow);
  EXPECT_EQ(line_text(screen.lines[23]), "filter: state listen");
  EXPECT_EQ(style_of(screen.lines[23], "filter"), Style::Input);
  ASSERT_TRUE(screen.cursor);
  EXPECT_EQ(*screen.cursor, std::make_pair(size_t{23}, size_t{20}));

  // A filter longer than the line: its end stays in view, the cursor after it.
  state.filter_input = std::string(100, 'x') + "END";
  screen = layout_watch(state, kHost, 24, 80, kNow);
  std::string footer = line_text(screen.lines[23]);
  EXPECT_EQ(code_points(footer), 79u);
  EXPECT_EQ(footer.substr(footer.size() - 3), "END");
  EXPECT_EQ(*screen.cursor, std::make_pair(size_t{23}, size_t{79}));

  state.filter_input.reset();
  state.message = "filter: bad port 'http' (expected a number 0-65535)";
  state.source_error = "daemon went away";
  screen = layout_watch(state, kHost, 24, 80, kNow);
  EXPECT_EQ(line_text(screen.lines[23]), state.message);
  EXPECT_EQ(style_of(screen.lines[23], "filter"), Style::Warning);
  EXPECT_FALSE(screen.cursor);

  state.message.clear();
  screen = layout_watch(state, kHost, 24, 80, kNow);
  EXPECT_EQ(line_text(screen.lines[23]), "daemon went away");
  EXPECT_EQ(style_of(screen.lines[23], "daemon"), Style::Critical);

  state.source_error.reset();
  screen = layout_watch(state, kHost, 24, 50, kNow);
  EXPECT_EQ(line_text(screen.lines[23]), "q quit  s sort  / filter  arrows move  e explain  ");  // cut to fit
}

TEST(WatchLayout, FocusOnFindings) {
  WatchState state = busy_state();
  state.focus = WatchFocus::Findings;
  state.finding_selected = 1;
  Screen screen = layout_watch(state, kHost, 24, 80, kNow);
  expect_well_formed(screen, 24, 80);
  auto text = screen_text(screen);
  EXPECT_EQ(text[8], "Findings: 5 (1 critical, 3 warning, 1 info)  (Enter details, f back)");
  EXPECT_EQ(text[9], "CRIT  close_wait_buildup  pid 812 (java): 40 sockets in CLOSE_WAIT");
  EXPECT_EQ(style_of(screen.lines[9], "CRIT"), Style::Critical);
  EXPECT_EQ(text[10].substr(0, 60), "WARN  listen_overflow  port 8080: accept queue full 12 times");
  EXPECT_EQ(code_points(text[10]), 80u);
  EXPECT_EQ(style_of(screen.lines[10], "WARN"), Style::Selected);
  EXPECT_EQ(text[13], "INFO  time_wait_buildup  host: TIME_WAIT at 10% of its limit");
  EXPECT_EQ(text[14], "");
  EXPECT_EQ(find_line(screen, "Sockets:"), -1);
  EXPECT_EQ(find_line(screen, "more (f to list)"), -1);
  EXPECT_EQ(page_rows(state, 24, 80), 14u);

  state.frame->findings.clear();
  screen = layout_watch(state, kHost, 24, 80, kNow);
  EXPECT_EQ(line_text(screen.lines[8]), "Findings: none  (Enter details, f back)");
  EXPECT_EQ(line_text(screen.lines[9]), "no findings");
}

TEST(WatchLayout, FindingsListScrollsToTheSelection) {
  WatchState state = busy_state();
  for (int i = 0; i < 30; ++i) {
    state.frame->findings.push_back(finding(Severity::Info, "orphans", "host " + std::to_string(i), "n"));
  }
  state.focus = WatchFocus::Findings;
  state.finding_selected = 30;
  Screen screen = layout_watch(state, kHost, 24, 80, kNow);
  int selected = find_line(screen, "host 25: n");
  ASSERT_EQ(selected, 22);  // the last row of the list
  EXPECT_EQ(style_of(screen.lines[22], "host 25"), Style::Selected);
}

TEST(WatchLayout, Panes) {
  WatchState state = busy_state();
  show_pane(state, WatchPane::Explain, "Explain 10.0.0.1:80 -> 10.0.0.2:5000",
            "CLOSE_WAIT for 40s\nThe peer closed; this end has not.\n", 80);
  Screen screen = layout_watch(state, kHost, 24, 80, kNow);
  expect_well_formed(screen, 24, 80);
  auto text = screen_text(screen);
  EXPECT_EQ(text[0].substr(0, 9), "sockscope");
  EXPECT_EQ(text[1], "Explain 10.0.0.1:80 -> 10.0.0.2:5000");
  EXPECT_EQ(style_of(screen.lines[1], "Explain"), Style::Heading);
  EXPECT_EQ(text[2], "CLOSE_WAIT for 40s");
  EXPECT_EQ(text[3], "The peer closed; this end has not.");
  EXPECT_EQ(text[4], "");
  EXPECT_EQ(text[23], "Esc close  arrows scroll  q quit");
  EXPECT_EQ(find_line(screen, "ESTABLISHED"), -1);
  EXPECT_EQ(page_rows(state, 24, 80), 21u);

  // Scrolled: the text from pane_first.
  state.pane_first = 1;
  EXPECT_EQ(line_text(layout_watch(state, kHost, 24, 80, kNow).lines[2]), "The peer closed; this end has not.");
}

TEST(WatchLayout, HelpAndFindingPanesFromKeys) {
  WatchState state = busy_state();
  ASSERT_EQ(handle_key(state, Key::character('?'), 9, 80), WatchAction::None);
  Screen screen = layout_watch(state, kHost, 24, 80, kNow);
  EXPECT_EQ(line_text(screen.lines[1]), "Help: keys");
  // One line for each key, each fitting an 80-column screen.
  const std::vector<std::string> keys = {"q ", "s ", "/ ", "Up, Down ", "PgUp, PgDn ", "Home, End ", "Enter, e ",
                                         "f ", "p ", "? ", "Esc "};
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(line_text(screen.lines[2 + i]).substr(0, keys[i].size()), keys[i]);
    EXPECT_EQ(state.pane_lines[i].substr(0, keys[i].size()), keys[i]);
  }
  EXPECT_EQ(state.pane_lines.size(), keys.size());
  EXPECT_EQ(line_text(screen.lines[2]), "q          quit");
  handle_key(state, Key::of(Key::Kind::Escape), 21, 80);

  handle_key(state, Key::character('f'), 9, 80);
  ASSERT_EQ(handle_key(state, Key::of(Key::Kind::Enter), 14, 80), WatchAction::None);
  screen = layout_watch(state, kHost, 24, 80, kNow);
  auto text = screen_text(screen);
  EXPECT_EQ(text[1], "Finding: close_wait_buildup pid 812 (java)");
  EXPECT_EQ(text[2], "CRITICAL  40 sockets in CLOSE_WAIT");
  EXPECT_EQ(text[3], "          close_wait_buildup · pid 812 (java)");
  EXPECT_EQ(text[4], "          Look at the application that owns these sockets.");
  EXPECT_EQ(text[23], "Esc close  arrows scroll  q quit");
}

}  // namespace
}  // namespace sockscope

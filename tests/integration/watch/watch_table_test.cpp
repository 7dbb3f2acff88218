// The socket table: `s` cycles the sort order, `/` filters with the words
// of `sockscope sockets`, Enter or `e` explains the selected socket.
#include <gtest/gtest.h>

#include <algorithm>

#include "watch_fixture.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;

class WatchTableTest : public WatchTest {
 protected:
  void SetUp() override {
    WatchTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    start_watched_daemon();
    sockets_ = KnownSockets::make();
    ASSERT_TRUE(wait_for_polls(socket_path(), 2));
    watch_ = start_watch(kSmallTerm);
    ASSERT_TRUE(watch_->started()) << watch_->start_error();
    ASSERT_TRUE(watch_->wait_for([](const auto& screen) { return !read_table(screen).empty(); }))
        << watch_->last_screen_text();
  }

  static bool bar_has(const std::vector<std::string>& screen, const std::string& text) {
    return sockets_bar(screen).find(text) != std::string::npos;
  }

  static bool only_close_wait_rows(const std::vector<std::string>& screen) {
    auto rows = read_table(screen);
    return rows.size() == 3 &&
           std::all_of(rows.begin(), rows.end(), [](const TableRow& row) { return row.state == "CLOSE_WAIT"; });
  }

  void apply_filter(const std::string& text) {
    ASSERT_TRUE(watch_->send_text("/"));
    ASSERT_TRUE(watch_->wait_for([](const auto& screen) { return screen.back().rfind("filter:", 0) == 0; }))
        << "the prompt opens in the footer:\n" << watch_->last_screen_text();
    ASSERT_TRUE(watch_->send_text(text));
    ASSERT_TRUE(watch_->send_key("Enter"));
  }

  KnownSockets sockets_;
  std::unique_ptr<TmuxSession> watch_;
};

TEST_F(WatchTableTest, SortKeyCyclesTheOrders) {
  EXPECT_TRUE(bar_has(watch_->last_screen(), "sort age")) << sockets_bar(watch_->last_screen());

  ASSERT_TRUE(watch_->send_text("s"));
  ASSERT_TRUE(watch_->wait_for([](const auto& screen) {
    auto rows = read_table(screen);
    return bar_has(screen, "sort recvq") && !rows.empty() && rows.front().recv_q_value() == KnownSockets::kLargestRecvQ;
  })) << "recvq puts the fullest receive queue first:\n" << watch_->last_screen_text();
  auto rows = read_table(watch_->last_screen());
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0].state, "ESTABLISHED");
  EXPECT_EQ(rows[1].recv_q_value(), KnownSockets::kSmallRecvQ) << watch_->last_screen_text();
  EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end(), [](const TableRow& a, const TableRow& b) {
    return a.recv_q_value() > b.recv_q_value();
  })) << watch_->last_screen_text();

  for (const char* next : {"sort sendq", "sort state", "sort age"}) {
    ASSERT_TRUE(watch_->send_text("s"));
    EXPECT_TRUE(watch_->wait_for([&](const auto& screen) { return bar_has(screen, next); }))
        << next << ":\n" << watch_->last_screen_text();
  }
}

TEST_F(WatchTableTest, ArrowsAndPagesMoveThroughTheTable) {
  // The finding takes a line from the table: wait for it before counting rows.
  ASSERT_TRUE(watch_->wait_for([](const auto& screen) {
    return row_containing(screen, "close_wait_buildup").has_value() && !read_table(screen).empty();
  })) << watch_->last_screen_text();
  // The sockets do not all fit in the table at 80x24: the bar says which rows show.
  const size_t total = KnownSockets::total();
  auto first_page = bar_range(watch_->last_screen());
  ASSERT_TRUE(first_page.has_value()) << sockets_bar(watch_->last_screen());
  ASSERT_EQ(first_page->first, 1u);
  ASSERT_LT(first_page->second, total);
  const size_t page = first_page->second;
  EXPECT_EQ(read_table(watch_->last_screen()).size(), page) << watch_->last_screen_text();
  auto range_is = [&](size_t first, size_t last) {
    return [=](const std::vector<std::string>& screen) { return bar_range(screen) == std::make_pair(first, last); };
  };

  // Down past the last row on screen scrolls by one row.
  for (size_t i = 0; i < page; ++i) ASSERT_TRUE(watch_->send_key("Down"));
  EXPECT_TRUE(watch_->wait_for(range_is(2, page + 1))) << sockets_bar(watch_->last_screen());
  for (size_t i = 0; i < page; ++i) ASSERT_TRUE(watch_->send_key("Up"));
  EXPECT_TRUE(watch_->wait_for(range_is(1, page))) << sockets_bar(watch_->last_screen());

  // A page down shows the last rows; End and Home go to the ends.
  ASSERT_TRUE(watch_->send_key("NPage"));
  EXPECT_TRUE(watch_->wait_for([&](const auto& screen) {
    auto range = bar_range(screen);
    return range && range->first > 1 && range->second - range->first + 1 == page;
  })) << sockets_bar(watch_->last_screen());
  ASSERT_TRUE(watch_->send_key("PPage"));
  EXPECT_TRUE(watch_->wait_for(range_is(1, page))) << sockets_bar(watch_->last_screen());
  ASSERT_TRUE(watch_->send_key("End"));
  EXPECT_TRUE(watch_->wait_for(range_is(total - page + 1, total))) << sockets_bar(watch_->last_screen());
  ASSERT_TRUE(watch_->send_key("Home"));
  EXPECT_TRUE(watch_->wait_for(range_is(1, page))) << sockets_bar(watch_->last_screen());
}

TEST_F(WatchTableTest, FilterKeepsTheMatchingRowsAndABadOneKeepsThem) {
  apply_filter("state close-wait");
  ASSERT_TRUE(watch_->wait_for([](const auto& screen) {
    return only_close_wait_rows(screen) && bar_has(screen, "filter: state close-wait") && bar_has(screen, "3 match");
  })) << watch_->last_screen_text();
  for (const auto& row : read_table(watch_->last_screen())) {
    EXPECT_TRUE(shows_cut(row.local, "127.0.0.1:" + std::to_string(sockets_.close_wait_port))) << row.local;
  }

  // The prompt opens with the filter in force; replace it with a bad port.
  ASSERT_TRUE(watch_->send_text("/"));
  ASSERT_TRUE(watch_->wait_for([](const auto& screen) {
    return screen.back().rfind("filter: state close-wait", 0) == 0;
  })) << "the prompt holds the current filter:\n" << watch_->last_screen_text();
  for (size_t i = 0; i < std::string("state close-wait").size(); ++i) ASSERT_TRUE(watch_->send_key("BSpace"));
  ASSERT_TRUE(watch_->send_text("sport 99999"));
  ASSERT_TRUE(watch_->send_key("Enter"));
  // The message names the bad value; it is more than the prompt's own text.
  EXPECT_TRUE(watch_->wait_for([](const auto& screen) {
    for (const auto& row : screen) {
      std::string text = row.substr(0, row.find_last_not_of(' ') + 1);
      if (text.find("99999") != std::string::npos && text != "filter: sport 99999") return true;
    }
    return false;
  })) << "a message naming 99999:\n" << watch_->last_screen_text();
  EXPECT_TRUE(only_close_wait_rows(watch_->last_screen())) << "the old rows stay:\n" << watch_->last_screen_text();
  EXPECT_TRUE(bar_has(watch_->last_screen(), "filter: state close-wait")) << watch_->last_screen_text();

  ASSERT_TRUE(watch_->send_key("Escape"));
  ASSERT_TRUE(watch_->wait_for([](const auto& screen) { return screen.back().rfind("q quit", 0) == 0; }))
      << "Escape leaves the prompt:\n" << watch_->last_screen_text();
  EXPECT_TRUE(only_close_wait_rows(watch_->last_screen())) << watch_->last_screen_text();
  EXPECT_TRUE(bar_has(watch_->last_screen(), "filter: state close-wait")) << watch_->last_screen_text();
}

TEST_F(WatchTableTest, ExplainPaneOpensOnTheSelectedSocketAndCloses) {
  apply_filter("state close-wait");
  ASSERT_TRUE(watch_->wait_for(only_close_wait_rows)) << watch_->last_screen_text();

  for (const char* open : {"Enter", "e"}) {
    ASSERT_TRUE(std::string(open) == "e" ? watch_->send_text("e") : watch_->send_key(open));
    ASSERT_TRUE(watch_->wait_for([](const auto& screen) {
      return row_containing(screen, "CLOSE_WAIT").has_value() && row_containing(screen, "No timer").has_value() &&
             screen.back().rfind("Esc close", 0) == 0;
    })) << open << " explains the selected CLOSE_WAIT socket:\n" << watch_->last_screen_text();
    EXPECT_TRUE(row_containing(watch_->last_screen(), std::to_string(sockets_.close_wait_port)).has_value())
        << "the explanation names the socket's port:\n" << watch_->last_screen_text();
    EXPECT_FALSE(has_table_header(watch_->last_screen())) << "the pane covers the table";

    ASSERT_TRUE(watch_->send_key("Escape"));
    ASSERT_TRUE(watch_->wait_for([](const auto& screen) {
      return only_close_wait_rows(screen) && !row_containing(screen, "No timer").has_value();
    })) << "Escape closes the pane:\n" << watch_->last_screen_text();
  }
}

}  // namespace
}  // namespace sockscope::testing

// The screen as a whole: `p` holds it, `?` lists the keys, and a resize
// redraws it to the new size.
#include <gtest/gtest.h>

#include "watch_fixture.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;

class WatchScreenTest : public WatchTest {
 protected:
  void SetUp() override {
    WatchTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    start_watched_daemon();
    sockets_ = KnownSockets::make();
    ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  }

  KnownSockets sockets_;
};

bool title_paused(const std::vector<std::string>& screen) {
  return !screen.empty() && screen[0].find("PAUSED") != std::string::npos;
}

TEST_F(WatchScreenTest, PauseHoldsTheFrameUntilResumed) {
  auto counts = KnownSockets::expected_counts();
  auto watch = start_watch(kSmallTerm);
  ASSERT_TRUE(watch->started()) << watch->start_error();
  ASSERT_TRUE(watch->wait_for([&](const auto& screen) { return grid_matches(screen, counts); }))
      << watch->last_screen_text();
  EXPECT_FALSE(title_paused(watch->last_screen()));

  ASSERT_TRUE(watch->send_text("p"));
  ASSERT_TRUE(watch->wait_for(title_paused)) << watch->last_screen_text();
  UniqueFd another_listener = tcp_listener(Ip::V4);
  ASSERT_TRUE(wait_for_polls(socket_path(), 3));
  // Three polls saw the new listener; the paused screen still shows the old count.
  auto paused = watch->capture();
  EXPECT_TRUE(grid_matches(paused, counts)) << screen_text(paused);
  EXPECT_TRUE(title_paused(paused)) << screen_text(paused);

  ASSERT_TRUE(watch->send_text("p"));
  counts["LISTEN"] += 1;
  EXPECT_TRUE(watch->wait_for([&](const auto& screen) { return !title_paused(screen) && grid_matches(screen, counts); }))
      << "resumed with the new listener counted:\n" << watch->last_screen_text();
}

TEST_F(WatchScreenTest, HelpListsTheKeys) {
  auto watch = start_watch(kSmallTerm);
  ASSERT_TRUE(watch->started()) << watch->start_error();
  ASSERT_TRUE(watch->wait_for(shows_frame)) << watch->last_screen_text();
  ASSERT_TRUE(watch->send_text("?"));
  ASSERT_TRUE(watch->wait_for([](const auto& screen) { return screen.back().rfind("Esc close", 0) == 0; }))
      << watch->last_screen_text();
  // One line per key, each naming it; the pane is the screen between title and footer.
  const std::string help = screen_text(watch->last_screen());
  for (const char* word : {"quit", "sort", "filter", "explain", "findings", "pause", "help"}) {
    EXPECT_NE(help.find(word), std::string::npos) << word << " missing from the help:\n" << help;
  }
  ASSERT_TRUE(watch->send_key("Escape"));
  EXPECT_TRUE(watch->wait_for([](const auto& screen) { return screen.back().rfind("q quit", 0) == 0; }))
      << watch->last_screen_text();
}

TEST_F(WatchScreenTest, ResizeRedrawsToTheNewSize) {
  const auto counts = KnownSockets::expected_counts();
  auto watch = start_watch(kSmallTerm);
  ASSERT_TRUE(watch->started()) << watch->start_error();

  // Grid columns, grid lines, footer on the last row, counts intact.
  auto laid_out_for = [&](TermSize size) {
    const size_t columns = size.cols >= 120 ? 3 : 2;
    return [=](const std::vector<std::string>& screen) {
      auto grid = read_state_grid(screen);
      return screen.size() == static_cast<size_t>(size.rows) && grid && grid->most_states_on_a_line == columns &&
             grid->lines == (kTcpStateNames.size() + columns - 1) / columns && screen.back().rfind("q quit", 0) == 0 &&
             grid_matches(screen, counts) && !sockets_bar(screen).empty();
    };
  };
  ASSERT_TRUE(watch->wait_for(laid_out_for(kSmallTerm))) << watch->last_screen_text();

  ASSERT_TRUE(watch->resize(kLargeTerm));
  ASSERT_TRUE(watch->wait_for(laid_out_for(kLargeTerm))) << "after growing to 132x40:\n" << watch->last_screen_text();
  const size_t large_rows = read_table(watch->last_screen()).size();
  EXPECT_EQ(large_rows, KnownSockets::total()) << "40 rows leave room for every socket:\n" << watch->last_screen_text();

  ASSERT_TRUE(watch->resize(kSmallTerm));
  ASSERT_TRUE(watch->wait_for(laid_out_for(kSmallTerm))) << "after shrinking to 80x24:\n" << watch->last_screen_text();
  EXPECT_LT(read_table(watch->last_screen()).size(), large_rows) << watch->last_screen_text();

  // Below 40x10 the screen says so; at 40x10 it still draws.
  ASSERT_TRUE(watch->resize({30, 8}));
  ASSERT_TRUE(watch->wait_for([](const auto& screen) { return !screen.empty() && screen[0] == "terminal too small"; }))
      << watch->last_screen_text();
  ASSERT_TRUE(watch->resize({40, 10}));
  ASSERT_TRUE(watch->wait_for([](const auto& screen) {
    return screen.size() == 10 && screen[0].rfind("sockscope", 0) == 0;
  })) << watch->last_screen_text();
  EXPECT_TRUE(watch->pane_alive());
}

}  // namespace
}  // namespace sockscope::testing

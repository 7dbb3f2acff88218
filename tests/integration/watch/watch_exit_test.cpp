// Leaving watch: `q`, SIGTERM, SIGQUIT (Ctrl-\) and Ctrl-C (SIGINT) all exit
// 0 and hand back a clean terminal: the normal screen with what the shell
// printed before and after, no trace of the watch screen, the cursor shown.
// And --count counts only the polls that reached the screen.
#include <gtest/gtest.h>
#include <signal.h>

#include <thread>

#include "watch_fixture.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;

enum class Leave { QuitKey, Sigterm, Sigquit, CtrlC };

const char* leave_name(Leave how) {
  switch (how) {
    case Leave::QuitKey: return "QuitKey";
    case Leave::Sigterm: return "Sigterm";
    case Leave::Sigquit: return "Sigquit";
    case Leave::CtrlC: return "CtrlC";
  }
  return "";
}

void PrintTo(Leave how, std::ostream* out) { *out << leave_name(how); }

class WatchExitTest : public WatchTest, public ::testing::WithParamInterface<Leave> {};

TEST_P(WatchExitTest, ExitsZeroAndRestoresTheTerminal) {
  start_watched_daemon();
  KnownSockets sockets = KnownSockets::make();
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  auto watch = start_watch(kSmallTerm);
  ASSERT_TRUE(watch->started()) << watch->start_error();
  ASSERT_TRUE(watch->wait_for(shows_frame)) << watch->last_screen_text();
  auto modes = watch->modes();
  ASSERT_TRUE(modes.has_value());
  EXPECT_TRUE(modes->alternate_screen) << "watch draws on the alternate screen";

  switch (GetParam()) {
    case Leave::QuitKey:
      ASSERT_TRUE(watch->send_text("q"));
      break;
    case Leave::Sigterm:
    case Leave::Sigquit: {
      pid_t pid = watch_pid(*watch);
      ASSERT_GT(pid, 0);
      ASSERT_EQ(::kill(pid, GetParam() == Leave::Sigterm ? SIGTERM : SIGQUIT), 0);
      break;
    }
    case Leave::CtrlC:
      ASSERT_TRUE(watch->send_key("C-c"));
      break;
  }
  ASSERT_TRUE(watch->wait_for_text("watch-exited-")) << screen_text(watch->capture());

  // Everything the pane ever showed on its normal screen, scrollback included.
  auto all = watch->capture_with_history();
  EXPECT_TRUE(row_starting_with(all, "watch-exited-0").has_value()) << screen_text(all);
  EXPECT_FALSE(row_starting_with(all, "sockscope ").has_value()) << "title left behind:\n" << screen_text(all);
  EXPECT_FALSE(row_starting_with(all, "Sockets:").has_value()) << "table left behind:\n" << screen_text(all);
  EXPECT_FALSE(row_starting_with(all, "mem ").has_value()) << "grid left behind:\n" << screen_text(all);
  modes = watch->modes();
  ASSERT_TRUE(modes.has_value());
  EXPECT_FALSE(modes->alternate_screen) << "the alternate screen is left";
  EXPECT_TRUE(modes->cursor_visible) << "the cursor is shown again";
  EXPECT_FALSE(modes->keypad_mode) << "the cursor keys send their normal sequences again";
  EXPECT_TRUE(watch->pane_alive()) << "the shell goes on after watch";
}

INSTANTIATE_TEST_SUITE_P(Ways, WatchExitTest,
                         ::testing::Values(Leave::QuitKey, Leave::Sigterm, Leave::Sigquit, Leave::CtrlC),
                         [](const auto& info) { return std::string(leave_name(info.param)); });

// The daemon polls every 0.2 s: paused for five seconds, watch is handed
// about 25 polls, none of which reaches the screen, so --count 20 does not
// end it; after `p` the newest is shown, and once 20 were shown it leaves.
TEST_F(WatchTest, CountSkipsPollsHeldWhilePaused) {
  start_watched_daemon();
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  auto watch = start_watch(kSmallTerm, {"--count", "20"});
  ASSERT_TRUE(watch->started()) << watch->start_error();
  ASSERT_TRUE(watch->wait_for(shows_frame)) << watch->last_screen_text();
  ASSERT_TRUE(watch->send_text("p"));
  ASSERT_TRUE(watch->wait_for([](const auto& screen) { return screen[0].find("PAUSED") != std::string::npos; }))
      << watch->last_screen_text();

  std::this_thread::sleep_for(5s);
  EXPECT_FALSE(watch->wait_for_text("watch-exited-", 100ms)) << "left while paused:\n"
                                                             << screen_text(watch->capture_with_history());

  ASSERT_TRUE(watch->send_text("p"));
  ASSERT_TRUE(watch->wait_for_text("watch-exited-", 10s)) << watch->last_screen_text();
  EXPECT_TRUE(row_starting_with(watch->capture_with_history(), "watch-exited-0").has_value())
      << screen_text(watch->capture_with_history());
}

}  // namespace
}  // namespace sockscope::testing

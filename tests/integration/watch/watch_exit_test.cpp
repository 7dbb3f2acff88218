// Leaving watch: `q`, SIGTERM and Ctrl-C (SIGINT) all exit 0 and hand back
// a clean terminal: the normal screen with what the shell printed before
// and after, no trace of the watch screen, the cursor shown.
#include <gtest/gtest.h>
#include <signal.h>

#include "watch_fixture.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;

enum class Leave { QuitKey, Sigterm, CtrlC };

const char* leave_name(Leave how) {
  switch (how) {
    case Leave::QuitKey: return "QuitKey";
    case Leave::Sigterm: return "Sigterm";
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
    case Leave::Sigterm: {
      pid_t pid = watch_pid(*watch);
      ASSERT_GT(pid, 0);
      ASSERT_EQ(::kill(pid, SIGTERM), 0);
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

INSTANTIATE_TEST_SUITE_P(Ways, WatchExitTest, ::testing::Values(Leave::QuitKey, Leave::Sigterm, Leave::CtrlC),
                         [](const auto& info) { return std::string(leave_name(info.param)); });

}  // namespace
}  // namespace sockscope::testing

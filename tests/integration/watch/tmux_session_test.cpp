// The tmux harness itself: the pane runs in the test's network namespace,
// keys reach the program, the screen reads back, resizes reach the program,
// and the last screen is kept after the command ends.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "../states/socket_ops.h"
#include "netns_fixture.h"
#include "screen_reading.h"
#include "tmux_session.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;

// Each command stays a while after its last output: the kernel may drop
// what a program wrote to its terminal if it exits before tmux reads it.
class TmuxSessionTest : public NetnsTest {};

TEST_F(TmuxSessionTest, PaneRunsInTheTestsNetworkNamespace) {
  UniqueFd listener = tcp_listener(Ip::V4);
  const std::string port = std::to_string(local_port(listener));
  TmuxSession pane({80, 24}, {"sh", "-c", "readlink /proc/self/ns/net; ss -Htln; echo listed; sleep 30"});
  ASSERT_TRUE(pane.started()) << pane.start_error();
  ASSERT_TRUE(pane.wait_for_text("listed")) << pane.last_screen_text();

  const std::string own_namespace = std::filesystem::read_symlink("/proc/self/ns/net").string();
  EXPECT_TRUE(row_containing(pane.last_screen(), own_namespace).has_value()) << own_namespace << "\n" << pane.last_screen_text();
  EXPECT_TRUE(row_containing(pane.last_screen(), "127.0.0.1:" + port).has_value()) << pane.last_screen_text();
}

TEST_F(TmuxSessionTest, KeysReachTheProgramAndItsEndIsSeen) {
  TmuxSession pane({80, 24}, {"sh", "-c", "read line; echo \"got:$line\"; sleep 0.5; exit 3"});
  ASSERT_TRUE(pane.started()) << pane.start_error();
  EXPECT_TRUE(pane.pane_alive());
  ASSERT_TRUE(pane.send_text("a b/c"));
  ASSERT_TRUE(pane.send_key("Enter"));
  EXPECT_TRUE(pane.wait_for_text("got:a b/c")) << pane.last_screen_text();
  ASSERT_TRUE(pane.wait_exit());
  EXPECT_FALSE(pane.pane_alive());
  EXPECT_TRUE(row_containing(pane.capture(), "got:a b/c").has_value()) << "the last screen stays";
}

TEST_F(TmuxSessionTest, ResizeReachesTheProgram) {
  TmuxSession pane({80, 24}, {"sh", "-c", "stty size; read x; stty size; read y"});
  ASSERT_TRUE(pane.started()) << pane.start_error();
  EXPECT_TRUE(pane.wait_for_text("24 80")) << pane.last_screen_text();
  ASSERT_TRUE(pane.resize({132, 40}));
  auto size = pane.size();
  ASSERT_TRUE(size.has_value());
  EXPECT_EQ(size->cols, 132);
  EXPECT_EQ(size->rows, 40);
  ASSERT_TRUE(pane.send_key("Enter"));
  EXPECT_TRUE(pane.wait_for_text("40 132")) << pane.last_screen_text();
}

TEST_F(TmuxSessionTest, EnvironmentIsTheTestsChoice) {
  ::setenv("NO_COLOR", "1", 1);
  TmuxSession plain({80, 24}, {"sh", "-c", "echo \"no_color=[${NO_COLOR-unset}] term=$TERM\"; sleep 30"});
  TmuxSession chosen({80, 24}, {"sh", "-c", "echo \"no_color=[${NO_COLOR-unset}]\"; sleep 30"}, {"NO_COLOR=1"});
  ::unsetenv("NO_COLOR");
  ASSERT_TRUE(plain.started()) << plain.start_error();
  ASSERT_TRUE(chosen.started()) << chosen.start_error();
  EXPECT_TRUE(plain.wait_for_text("no_color=[unset] term=tmux")) << plain.last_screen_text();
  EXPECT_TRUE(chosen.wait_for_text("no_color=[1]")) << chosen.last_screen_text();
}

TEST_F(TmuxSessionTest, NothingOutlivesTheSession) {
  pid_t pane_pid = -1;
  {
    TmuxSession pane({80, 24}, {"sh", "-c", "trap '' HUP; sleep 60"});
    ASSERT_TRUE(pane.started()) << pane.start_error();
    pane_pid = pane.pane_pid();
    ASSERT_GT(pane_pid, 0);
  }
  EXPECT_TRUE(wait_until([&] { return !process_running(pane_pid); })) << "pane process " << pane_pid << " still runs";
}

}  // namespace
}  // namespace sockscope::testing

// Findings on the watch screen: the test's CLOSE_WAIT sockets raise
// close_wait_buildup, shown in colour unless --no-color or NO_COLOR say
// otherwise; `f` moves the focus to the findings and Enter shows one.
#include <gtest/gtest.h>
#include <unistd.h>

#include "watch_fixture.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;

class WatchFindingsTest : public WatchTest {
 protected:
  void SetUp() override {
    WatchTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    start_watched_daemon();
    sockets_ = KnownSockets::make();
    ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  }

  // The findings line of close_wait_buildup: "SEV  close_wait_buildup  pid N (comm): ...".
  static bool shows_finding(const std::vector<std::string>& screen) {
    auto row = row_containing(screen, "close_wait_buildup");
    if (!row) return false;
    const std::string& line = screen[*row];
    bool severity = line.rfind("WARN", 0) == 0 || line.rfind("CRIT", 0) == 0;
    return severity && line.find("pid " + std::to_string(::getpid())) != std::string::npos;
  }

  KnownSockets sockets_;
};

TEST_F(WatchFindingsTest, FindingIsListedInColour) {
  auto watch = start_watch(kSmallTerm);
  ASSERT_TRUE(watch->started()) << watch->start_error();
  ASSERT_TRUE(watch->wait_for(shows_finding)) << watch->last_screen_text();
  auto heading = row_starting_with(watch->last_screen(), "Findings: ");
  ASSERT_TRUE(heading.has_value()) << watch->last_screen_text();
  EXPECT_EQ(watch->last_screen()[*heading].find("Findings: none"), std::string::npos);
  EXPECT_LT(*heading, *row_containing(watch->last_screen(), "close_wait_buildup"));

  auto coloured = watch->capture_escapes();
  auto row = row_containing(coloured, "close_wait_buildup");
  ASSERT_TRUE(row.has_value()) << screen_text(coloured);
  EXPECT_TRUE(sets_colour(coloured[*row])) << "no colour on the finding line: " << coloured[*row];
}

TEST_F(WatchFindingsTest, NoColourWithTheFlagOrTheEnvironment) {
  auto flag = start_watch(kSmallTerm, {"--no-color"});
  auto environment = start_watch(kSmallTerm, {}, {"NO_COLOR=1"});
  for (TmuxSession* watch : {flag.get(), environment.get()}) {
    ASSERT_TRUE(watch->started()) << watch->start_error();
    ASSERT_TRUE(watch->wait_for(shows_finding)) << watch->last_screen_text();
    for (const auto& row : watch->capture_escapes()) {
      EXPECT_FALSE(sets_colour(row)) << (watch == flag.get() ? "--no-color" : "NO_COLOR=1") << ": " << row;
    }
  }
}

TEST_F(WatchFindingsTest, FocusOnFindingsAndShowOne) {
  auto watch = start_watch(kSmallTerm);
  ASSERT_TRUE(watch->started()) << watch->start_error();
  ASSERT_TRUE(watch->wait_for(shows_finding)) << watch->last_screen_text();
  ASSERT_FALSE(sockets_bar(watch->last_screen()).empty()) << watch->last_screen_text();

  ASSERT_TRUE(watch->send_text("f"));
  ASSERT_TRUE(watch->wait_for([](const auto& screen) {
    auto heading = row_starting_with(screen, "Findings: ");
    return heading && screen[*heading].find("(Enter details, f back)") != std::string::npos &&
           sockets_bar(screen).empty() && !has_table_header(screen);
  })) << "the findings list replaces the table:\n" << watch->last_screen_text();
  EXPECT_TRUE(shows_finding(watch->last_screen())) << watch->last_screen_text();

  ASSERT_TRUE(watch->send_key("Enter"));
  const std::string pid = "pid " + std::to_string(::getpid());
  ASSERT_TRUE(watch->wait_for([&](const auto& screen) {
    bool severity = row_containing(screen, "WARNING") || row_containing(screen, "CRITICAL");
    return severity && row_containing(screen, pid).has_value() &&
           row_containing(screen, "close_wait_buildup").has_value() && screen.back().rfind("Esc close", 0) == 0;
  })) << "the finding's details in a pane:\n" << watch->last_screen_text();
  EXPECT_FALSE(read_state_grid(watch->last_screen()).has_value()) << "the pane covers the grid";

  ASSERT_TRUE(watch->send_key("Escape"));
  ASSERT_TRUE(watch->wait_for([](const auto& screen) {
    auto heading = row_starting_with(screen, "Findings: ");
    return heading && screen[*heading].find("(Enter details, f back)") != std::string::npos;
  })) << "Escape goes back to the findings list:\n" << watch->last_screen_text();

  ASSERT_TRUE(watch->send_text("f"));
  ASSERT_TRUE(watch->wait_for([](const auto& screen) { return !sockets_bar(screen).empty() && has_table_header(screen); }))
      << "f again: the table is back:\n" << watch->last_screen_text();
}

}  // namespace
}  // namespace sockscope::testing

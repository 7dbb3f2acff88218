// The header and the state grid: counts equal to what ss sees in the same
// namespace, the grid's shape at 80 and 132 columns, the mode in the title,
// and the owner of the test's sockets in the table.
#include <gtest/gtest.h>

#include <algorithm>

#include "watch_fixture.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;

class WatchCountsTest : public WatchTest, public ::testing::WithParamInterface<TermSize> {};

TEST_P(WatchCountsTest, GridShowsTheKernelsCountsAndTheTableItsOwners) {
  const TermSize size = GetParam();
  start_watched_daemon();
  KnownSockets sockets = KnownSockets::make();
  const auto expected = KnownSockets::expected_counts();
  ASSERT_EQ(ss_state_counts(), expected) << run_command("ss -tan");
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));

  auto watch = start_watch(size);
  ASSERT_TRUE(watch->started()) << watch->start_error();
  ASSERT_TRUE(watch->wait_for([&](const auto& screen) { return grid_matches(screen, expected); }))
      << "expected the counts of ss -tan:\n" << run_command("ss -tan") << "screen:\n" << watch->last_screen_text();
  const auto& screen = watch->last_screen();
  ASSERT_EQ(screen.size(), static_cast<size_t>(size.rows));

  EXPECT_EQ(screen[0].rfind("sockscope", 0), 0u) << screen[0];
  EXPECT_NE(screen[0].find(" daemon "), std::string::npos) << screen[0];
  EXPECT_NE(screen[0].find("polled"), std::string::npos) << screen[0];
  EXPECT_EQ(screen[0].find("direct"), std::string::npos) << screen[0];

  auto grid = read_state_grid(screen);
  ASSERT_TRUE(grid.has_value());
  const size_t columns = size.cols >= 120 ? 3 : 2;
  EXPECT_EQ(grid->most_states_on_a_line, columns) << watch->last_screen_text();
  EXPECT_EQ(grid->lines, (kTcpStateNames.size() + columns - 1) / columns) << watch->last_screen_text();
  EXPECT_EQ(grid->counts.size(), kTcpStateNames.size()) << watch->last_screen_text();

  EXPECT_EQ(screen.back().rfind("q quit", 0), 0u) << "key hints in the footer:\n" << watch->last_screen_text();

  // The table lists the sockets; the test owns all but the TIME_WAIT ones
  // (the Process column may be as narrow as 12, so the label may be cut).
  const std::string owner = own_process_label();
  auto owners_known = [&](const std::vector<std::string>& rows) {
    auto table = read_table(rows);
    if (table.empty()) return false;
    for (const auto& row : table) {
      if (row.state != "TIME_WAIT" && !shows_cut(row.process, owner)) return false;
      if (row.state == "TIME_WAIT" && row.process != "-") return false;
    }
    return true;
  };
  ASSERT_TRUE(watch->wait_for(owners_known)) << "owner " << owner << ":\n" << watch->last_screen_text();
  const auto& shown = watch->last_screen();
  auto header = row_starting_with(shown, "State");
  ASSERT_TRUE(header.has_value()) << watch->last_screen_text();
  const size_t capacity = shown.size() - 2 - *header;
  EXPECT_EQ(read_table(shown).size(), std::min(capacity, KnownSockets::total())) << watch->last_screen_text();
  const std::string matched = "Sockets: " + std::to_string(KnownSockets::total()) + " match";
  EXPECT_EQ(sockets_bar(shown).rfind(matched, 0), 0u) << sockets_bar(shown);
}

INSTANTIATE_TEST_SUITE_P(Sizes, WatchCountsTest, ::testing::Values(kSmallTerm, kLargeTerm),
                         [](const auto& info) {
                           return std::to_string(info.param.cols) + "x" + std::to_string(info.param.rows);
                         });

TEST_F(WatchTest, DirectModeSaysSoWithItsInterval) {
  KnownSockets sockets = KnownSockets::make();
  const auto expected = KnownSockets::expected_counts();

  auto every_second = start_watch(kSmallTerm, {"--direct"});
  ASSERT_TRUE(every_second->started()) << every_second->start_error();
  ASSERT_TRUE(every_second->wait_for([&](const auto& screen) { return grid_matches(screen, expected); }))
      << every_second->last_screen_text();
  EXPECT_NE(every_second->last_screen()[0].find("direct every 1s"), std::string::npos)
      << every_second->last_screen()[0];

  auto every_two = start_watch(kSmallTerm, {"--direct", "--interval", "2"});
  ASSERT_TRUE(every_two->started()) << every_two->start_error();
  ASSERT_TRUE(every_two->wait_for(shows_frame)) << every_two->last_screen_text();
  EXPECT_NE(every_two->last_screen()[0].find("direct every 2s"), std::string::npos) << every_two->last_screen()[0];
  EXPECT_TRUE(grid_matches(every_two->last_screen(), expected)) << every_two->last_screen_text();
}

}  // namespace
}  // namespace sockscope::testing

// A listing longer than what watch fetches at once: the daemon answers a
// window of it (`offset` and `limit`), and End on the screen reaches the
// very last row, not the last one fetched.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "watch_fixture.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// More than the 200 rows watch asks for around the view.
constexpr size_t kListeners = 300;

class WatchWindowTest : public WatchTest {
 protected:
  void SetUp() override {
    WatchTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    for (size_t i = 0; i < kListeners; ++i) listeners_.push_back(tcp_listener(Ip::V4));
    start_watched_daemon();
    ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  }

  std::vector<uint64_t> cookies(const json& params) {
    json response = request_once(socket_path(), {{"method", "sockets"}, {"params", params}});
    std::vector<uint64_t> out;
    if (!response.contains("result")) {
      ADD_FAILURE() << response.dump();
      return out;
    }
    last_total_ = response["result"].value("total", uint64_t{0});
    for (const json& socket : response["result"]["sockets"]) out.push_back(socket["cookie"].get<uint64_t>());
    return out;
  }

  std::vector<UniqueFd> listeners_;
  uint64_t last_total_ = 0;
};

TEST_F(WatchWindowTest, DaemonAnswersAWindowOfTheListing) {
  // The same order both times (the sockets do not change); a poll between
  // the two requests may reorder ties, so a mismatch is asked again.
  std::vector<uint64_t> all, window;
  for (int attempt = 0; attempt < 5; ++attempt) {
    all = cookies({{"sort", "state"}});
    window = cookies({{"sort", "state"}, {"offset", 250}, {"limit", 40}});
    const auto end = all.begin() + static_cast<long>(std::min<size_t>(290, all.size()));
    if (all.size() > 250 && window == std::vector<uint64_t>(all.begin() + 250, end)) break;
  }
  ASSERT_GE(all.size(), kListeners);
  EXPECT_EQ(last_total_, all.size());
  ASSERT_EQ(window.size(), std::min<size_t>(40, all.size() - 250));
  EXPECT_EQ(window, std::vector<uint64_t>(all.begin() + 250, all.begin() + 250 + static_cast<long>(window.size())));

  // An offset alone: everything from there, with the total.
  EXPECT_EQ(cookies({{"sort", "state"}, {"offset", all.size() - 3}}).size(), 3u);
  EXPECT_EQ(last_total_, all.size());
  // Past the end: nothing, and still the total.
  EXPECT_TRUE(cookies({{"offset", all.size() + 10}, {"limit", 5}}).empty());
  EXPECT_EQ(last_total_, all.size());

  json refused = request_once(socket_path(), {{"method", "sockets"}, {"params", {{"offset", -1}}}});
  ASSERT_TRUE(refused.contains("error")) << refused.dump();
  EXPECT_EQ(refused["error"]["code"], "invalid_request");
  EXPECT_NE(refused["error"]["message"].get<std::string>().find("not -1"), std::string::npos) << refused.dump();
}

TEST_F(WatchWindowTest, EndReachesTheLastRowOfTheWholeListing) {
  auto watch = start_watch(kSmallTerm);
  ASSERT_TRUE(watch->started()) << watch->start_error();
  uint64_t matched = 0;
  ASSERT_TRUE(watch->wait_for([&](const auto& screen) {
    const std::string bar = sockets_bar(screen);
    if (bar.rfind("Sockets: ", 0) != 0) return false;
    matched = std::stoull(bar.substr(9));
    return matched >= kListeners && !read_table(screen).empty();
  })) << watch->last_screen_text();
  auto first_page = bar_range(watch->last_screen());
  ASSERT_TRUE(first_page.has_value());
  const size_t page = first_page->second;

  ASSERT_TRUE(watch->send_key("End"));
  EXPECT_TRUE(watch->wait_for([&](const auto& screen) {
    auto range = bar_range(screen);
    return range && range->second == matched && read_table(screen).size() == page;
  })) << "the last " << page << " of " << matched << " rows:\n" << watch->last_screen_text();

  ASSERT_TRUE(watch->send_key("Home"));
  EXPECT_TRUE(watch->wait_for([&](const auto& screen) {
    return bar_range(screen) == std::make_pair(size_t{1}, page) && read_table(screen).size() == page;
  })) << watch->last_screen_text();
}

}  // namespace
}  // namespace sockscope::testing

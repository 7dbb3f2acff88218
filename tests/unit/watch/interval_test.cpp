// The --interval values direct mode accepts: the daemon's own bounds.
#include "watch/watch_interval.h"

#include <gtest/gtest.h>

namespace sockscope {
namespace {

TEST(WatchInterval, AcceptsTheDaemonsRange) {
  EXPECT_EQ(parse_watch_interval("1"), 1.0);
  EXPECT_EQ(parse_watch_interval("0.5"), 0.5);
  EXPECT_EQ(parse_watch_interval("1e-1"), 0.1);
  EXPECT_EQ(parse_watch_interval("0.05"), 0.05);
  EXPECT_EQ(parse_watch_interval("3600"), 3600.0);
}

TEST(WatchInterval, RefusesWhatWouldSpinOrStop) {
  // 1e-10 s is 0 ns as a timer period (a one-shot timer); 1e-9 polls back to back.
  for (const char* text : {"1e-10", "1e-9", "0.049", "0", "-1", "-0"}) {
    EXPECT_EQ(parse_watch_interval(text), std::nullopt) << text;
  }
}

TEST(WatchInterval, RefusesWhatIsNotSeconds) {
  for (const char* text : {"", "1s", " 1", "nan", "inf", "3600.5", "1e9999", "0x10", "2,5"}) {
    EXPECT_EQ(parse_watch_interval(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace sockscope

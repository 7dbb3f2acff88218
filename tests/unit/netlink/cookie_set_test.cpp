#include "netlink/cookie_set.h"

#include <gtest/gtest.h>

namespace sockscope {
namespace {

TEST(CookieSet, InsertReportsFirstSightingsOnly) {
  CookieSet set;
  set.reset(4);
  EXPECT_TRUE(set.insert(42));
  EXPECT_FALSE(set.insert(42));
  EXPECT_TRUE(set.insert(0));  // cookie 0 is a value like any other
  EXPECT_FALSE(set.insert(0));
  EXPECT_TRUE(set.insert(~0ull));
  EXPECT_EQ(set.size(), 3u);
  set.reset(4);
  EXPECT_EQ(set.size(), 0u);
  EXPECT_TRUE(set.insert(42));
}

TEST(CookieSet, GrowsPastItsReservation) {
  CookieSet set;
  set.reset(8);
  for (uint64_t c = 1; c <= 10000; ++c) ASSERT_TRUE(set.insert(c << 12)) << c;
  for (uint64_t c = 1; c <= 10000; ++c) ASSERT_FALSE(set.insert(c << 12)) << c;
  EXPECT_EQ(set.size(), 10000u);
}

TEST(CookieSet, WorksWithoutReset) {
  CookieSet set;
  EXPECT_TRUE(set.insert(5));
  EXPECT_FALSE(set.insert(5));
}

std::vector<SocketRecord> with_cookies(std::initializer_list<uint64_t> cookies) {
  std::vector<SocketRecord> out;
  uint16_t port = 1;
  for (uint64_t c : cookies) {
    SocketRecord r;
    r.cookie = c;
    r.local.port = port++;  // tells copies apart
    out.push_back(r);
  }
  return out;
}

TEST(DropDuplicateCookies, KeepsFirstSightingsInOrder) {
  auto records = with_cookies({10, 20, 10, 30, 20, 20, 40});
  CookieSet seen;
  EXPECT_EQ(drop_duplicate_cookies(records, seen), 3u);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].cookie, 10u);
  EXPECT_EQ(records[1].cookie, 20u);
  EXPECT_EQ(records[2].cookie, 30u);
  EXPECT_EQ(records[3].cookie, 40u);
  EXPECT_EQ(records[0].local.port, 1);  // the first 10, not the repeat
  EXPECT_EQ(records[1].local.port, 2);
  EXPECT_EQ(records[3].local.port, 7);
}

TEST(DropDuplicateCookies, NothingToDropLeavesRecordsAlone) {
  auto records = with_cookies({3, 2, 1});
  CookieSet seen;
  EXPECT_EQ(drop_duplicate_cookies(records, seen), 0u);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[2].cookie, 1u);
  // Reusing the set for another poll starts from empty.
  auto again = with_cookies({3, 3});
  EXPECT_EQ(drop_duplicate_cookies(again, seen), 1u);
  EXPECT_EQ(again.size(), 1u);
}

TEST(DropDuplicateCookies, EmptyInput) {
  std::vector<SocketRecord> records;
  CookieSet seen;
  EXPECT_EQ(drop_duplicate_cookies(records, seen), 0u);
}

}  // namespace
}  // namespace sockscope

#include <gtest/gtest.h>

#include <chrono>

#include "track/history.h"

namespace sockscope {
namespace {

// An entry tagged with n, so the tests can read back which push it was.
PollAggregate entry(int n) {
  PollAggregate a;
  a.taken_at = std::chrono::system_clock::time_point{} + std::chrono::seconds(n);
  a.udp_connected = static_cast<uint32_t>(n);
  return a;
}

std::vector<int> tags(const History& history) {
  std::vector<int> out;
  for (size_t i = 0; i < history.size(); ++i) out.push_back(static_cast<int>(history.at(i).udp_connected));
  return out;
}

History filled(size_t capacity, int pushes) {
  History history(capacity);
  for (int n = 1; n <= pushes; ++n) history.push(entry(n));
  return history;
}

TEST(History, StartsEmpty) {
  History history(4);
  EXPECT_EQ(history.size(), 0u);
  EXPECT_EQ(history.capacity(), 4u);
}

TEST(History, KeepsPushOrderBeforeFull) {
  History history = filled(4, 3);
  EXPECT_EQ(history.size(), 3u);
  EXPECT_EQ(tags(history), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(history.at(0).taken_at, entry(1).taken_at);
}

TEST(History, WrapsAroundOldestFirst) {
  History history = filled(4, 10);
  EXPECT_EQ(history.size(), 4u);
  EXPECT_EQ(history.capacity(), 4u);
  EXPECT_EQ(tags(history), (std::vector<int>{7, 8, 9, 10}));
}

TEST(History, WrapsExactlyAtCapacity) {
  History history = filled(3, 3);
  EXPECT_EQ(tags(history), (std::vector<int>{1, 2, 3}));
  history.push(entry(4));
  EXPECT_EQ(tags(history), (std::vector<int>{2, 3, 4}));
}

TEST(History, ShrinkingKeepsTheNewest) {
  History history = filled(5, 8);  // holds 4..8, wrapped
  history.resize(3);
  EXPECT_EQ(history.capacity(), 3u);
  EXPECT_EQ(tags(history), (std::vector<int>{6, 7, 8}));
  history.push(entry(9));
  EXPECT_EQ(tags(history), (std::vector<int>{7, 8, 9}));
}

TEST(History, ShrinkingAPartlyFilledRingKeepsAll) {
  History history = filled(10, 2);
  history.resize(3);
  EXPECT_EQ(tags(history), (std::vector<int>{1, 2}));
  history.push(entry(3));
  history.push(entry(4));
  EXPECT_EQ(tags(history), (std::vector<int>{2, 3, 4}));
}

TEST(History, GrowingKeepsEverythingAndMakesRoom) {
  History history = filled(3, 5);  // holds 3..5, wrapped
  history.resize(6);
  EXPECT_EQ(history.capacity(), 6u);
  EXPECT_EQ(tags(history), (std::vector<int>{3, 4, 5}));
  for (int n = 6; n <= 9; ++n) history.push(entry(n));
  EXPECT_EQ(tags(history), (std::vector<int>{4, 5, 6, 7, 8, 9}));
}

TEST(History, ResizeToZeroThenBack) {
  History history = filled(3, 3);
  history.resize(0);
  EXPECT_EQ(history.size(), 0u);
  history.push(entry(4));  // dropped: no room
  EXPECT_EQ(history.size(), 0u);
  history.resize(2);
  history.push(entry(5));
  EXPECT_EQ(tags(history), (std::vector<int>{5}));
}

}  // namespace
}  // namespace sockscope

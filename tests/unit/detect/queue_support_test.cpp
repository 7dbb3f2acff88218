#include "detect/queue_support.h"

#include "detect/detect_support.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace sockscope;
using namespace sockscope::queue;

std::vector<std::string> names(const Heaviest<std::string>& heaviest) {
  std::vector<std::string> out;
  for (const auto& [weight, name] : heaviest.items()) out.push_back(name);
  return out;
}

TEST(QueueSupport, HeaviestKeepsTheLargestInOrder) {
  Heaviest<std::string> heaviest(3);
  heaviest.offer(5, "e");
  heaviest.offer(1, "a");
  heaviest.offer(9, "i");
  heaviest.offer(3, "c");
  heaviest.offer(7, "g");
  EXPECT_EQ(names(heaviest), (std::vector<std::string>{"i", "g", "e"}));
}

TEST(QueueSupport, HeaviestKeepsTheFirstOfEqualWeights) {
  Heaviest<std::string> heaviest(2);
  heaviest.offer(4, "first");
  heaviest.offer(4, "second");
  heaviest.offer(4, "third");
  EXPECT_EQ(names(heaviest), (std::vector<std::string>{"first", "second"}));
}

TEST(QueueSupport, HeaviestWithNoRoomKeepsNothing) {
  Heaviest<std::string> heaviest(0);
  heaviest.offer(4, "x");
  EXPECT_TRUE(heaviest.items().empty());
}

TEST(DetectSupport, AgeTextPicksOneUnitRoundingDown) {
  EXPECT_EQ(age_text(-3), "0s");
  EXPECT_EQ(age_text(4.56), "4.5s");
  EXPECT_EQ(age_text(45.7), "45s");
  EXPECT_EQ(age_text(119), "119s");
  EXPECT_EQ(age_text(47 * 60 + 10), "47m");
  EXPECT_EQ(age_text(3 * 3600), "3h");
  EXPECT_EQ(age_text(5 * 86400), "5d");
}

TEST(QueueSupport, PidKeyNamesUnknownOwners) {
  EXPECT_EQ(pid_key(1234), "pid=1234");
  EXPECT_EQ(pid_key(-1), "pid=unknown");
  EXPECT_EQ(owner_pid({}), -1);
}

}  // namespace

// The Age column's compact durations.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "render/socket_table.h"

namespace sockscope {
namespace {

TEST(AgeFormat, EachUnit) {
  EXPECT_EQ(format_age(0.0), "0s");
  EXPECT_EQ(format_age(0.9), "0s");
  EXPECT_EQ(format_age(45.7), "45s");
  EXPECT_EQ(format_age(59.999), "59s");
  EXPECT_EQ(format_age(60.0), "1m");
  EXPECT_EQ(format_age(47 * 60 + 59.0), "47m");
  EXPECT_EQ(format_age(3600.0), "1h0m");
  EXPECT_EQ(format_age(3 * 3600 + 12 * 60 + 5.0), "3h12m");
  EXPECT_EQ(format_age(86400.0 - 1), "23h59m");
  EXPECT_EQ(format_age(86400.0), "1d0h");
  EXPECT_EQ(format_age(2 * 86400 + 4 * 3600 + 59 * 60.0), "2d4h");
  EXPECT_EQ(format_age(400 * 86400.0), "400d0h");
}

TEST(AgeFormat, UnknownIsADash) {
  EXPECT_EQ(format_age(std::nullopt), "-");
  EXPECT_EQ(format_age(-1.0), "-");
  EXPECT_EQ(format_age(std::nan("")), "-");
  EXPECT_EQ(format_age(std::numeric_limits<double>::infinity()), "-");
}

}  // namespace
}  // namespace sockscope

// The history chart's bucketing and blocks.
#include <gtest/gtest.h>

#include <numeric>
#include <vector>

#include "render/sparkline.h"

namespace sockscope {
namespace {

using Values = std::vector<uint64_t>;

TEST(BucketMax, FewValuesStayAsTheyAre) {
  Values v = {3, 1, 4};
  EXPECT_EQ(bucket_max(v, 60), v);
  EXPECT_EQ(bucket_max(v, 3), v);
  EXPECT_TRUE(bucket_max(Values{}, 60).empty());
}

TEST(BucketMax, EachBucketKeepsItsLargest) {
  Values v = {1, 9, 2, 2, 3, 1, 0, 5};
  EXPECT_EQ(bucket_max(v, 4), (Values{9, 2, 3, 5}));
  EXPECT_EQ(bucket_max(v, 1), (Values{9}));
}

TEST(BucketMax, AnHourFitsSixtyColumns) {
  Values v(3600);
  std::iota(v.begin(), v.end(), 0);
  v[1234] = 100000;  // a one-poll spike must survive
  Values b = bucket_max(v, 60);
  ASSERT_EQ(b.size(), 60u);
  EXPECT_EQ(b[0], 59u);
  EXPECT_EQ(b[20], 100000u);
  EXPECT_EQ(b[59], 3599u);
}

TEST(BucketMax, UnevenSplitCoversEveryValue) {
  Values v(61, 0);
  v.back() = 7;
  Values b = bucket_max(v, 60);
  ASSERT_EQ(b.size(), 60u);
  EXPECT_EQ(b.back(), 7u);
}

TEST(Sparkline, ScalesFromLowestToHighest) {
  EXPECT_EQ(sparkline(Values{0, 7}), "▁█");
  EXPECT_EQ(sparkline(Values{0, 1, 2, 3, 4, 5, 6, 7}), "▁▂▃▄▅▆▇█");
  EXPECT_EQ(sparkline(Values{10, 17}), "▁█");
  EXPECT_EQ(sparkline(Values{5, 5, 5}), "▁▁▁");
  EXPECT_EQ(sparkline(Values{}), "");
}

}  // namespace
}  // namespace sockscope

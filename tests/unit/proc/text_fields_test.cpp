#include "proc/text_fields.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace sockscope::text {
namespace {

TEST(TextFields, SplitsOnSpacesTabsAndNewlines) {
  std::string_view rest = "  4096\t131072 \t6291456\n";
  EXPECT_EQ(next_field(rest), "4096");
  EXPECT_EQ(next_field(rest), "131072");
  EXPECT_EQ(next_field(rest), "6291456");
  EXPECT_EQ(next_field(rest), "");
  EXPECT_EQ(count_fields(" a\tb\nc  "), 3u);
  EXPECT_EQ(count_fields("\n\t "), 0u);
}

TEST(TextFields, LinesKeepTheirContentAndDropTheNewline) {
  std::string_view rest = "one\n\nthree", line;
  ASSERT_TRUE(next_line(rest, line));
  EXPECT_EQ(line, "one");
  ASSERT_TRUE(next_line(rest, line));
  EXPECT_EQ(line, "");
  ASSERT_TRUE(next_line(rest, line));
  EXPECT_EQ(line, "three");
  EXPECT_FALSE(next_line(rest, line));
}

TEST(TextFields, ToInt64AcceptsTheFullSignedRange) {
  EXPECT_EQ(to_int64("0"), 0);
  EXPECT_EQ(to_int64("-1"), -1);
  EXPECT_EQ(to_int64("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(to_int64("-9223372036854775808"), std::numeric_limits<int64_t>::min());
}

TEST(TextFields, ToInt64RejectsEverythingElse) {
  for (const char* bad : {"", "-", "+1", "1x", "x1", "0x10", "1.5", "9223372036854775808",
                          "18446744073709551615", "99999999999999999999999"}) {
    EXPECT_FALSE(to_int64(bad).has_value()) << bad;
  }
}

TEST(TextFields, QuotedEscapesControlBytesAndCutsLongText) {
  EXPECT_EQ(excerpt("abc"), "'abc'");
  EXPECT_EQ(excerpt("a\tb\n"), "'a\\tb\\n'");
  EXPECT_EQ(excerpt("\xff\x01"), "'\\xff\\x01'");
  std::string long_text(500, 'x');
  std::string shown = excerpt(long_text);
  EXPECT_LT(shown.size(), 80u);
  EXPECT_NE(shown.find("..."), std::string::npos);
}

}  // namespace
}  // namespace sockscope::text

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "proc/sysctl_reader.h"

namespace sockscope {
namespace {

bool mentions(const Error& error, const std::string& part) { return error.message.find(part) != std::string::npos; }

TEST(ParseTriple, ReadsTabSeparatedValues) {
  auto triple = parse_triple("287898\t383867\t575796\n");
  ASSERT_TRUE(triple) << triple.error().message;
  EXPECT_EQ(triple->min, 287898);
  EXPECT_EQ(triple->def, 383867);
  EXPECT_EQ(triple->max, 575796);
}

TEST(ParseTriple, ToleratesSpacesAndNoNewline) {
  auto triple = parse_triple("4096 131072  6291456");
  ASSERT_TRUE(triple);
  EXPECT_EQ(triple->max, 6291456);
}

TEST(ParseTriple, RejectsWrongCountsAndGarbage) {
  auto two = parse_triple("4096 87380\n");
  ASSERT_FALSE(two);
  EXPECT_TRUE(mentions(two.error(), "3 integers")) << two.error().message;
  EXPECT_TRUE(mentions(two.error(), "4096 87380")) << two.error().message;
  EXPECT_FALSE(parse_triple("1 2 3 4"));
  auto word = parse_triple("4096\tlots\t8192\n");
  ASSERT_FALSE(word);
  EXPECT_TRUE(mentions(word.error(), "'lots'")) << word.error().message;
  EXPECT_FALSE(parse_triple(""));
  EXPECT_FALSE(parse_triple("1 2 99999999999999999999"));
}

TEST(ParseInteger, ReadsOneSignedValue) {
  EXPECT_EQ(*parse_integer("4096\n"), 4096);
  EXPECT_EQ(*parse_integer("  -1\t\n"), -1);
  EXPECT_EQ(*parse_integer("9223372036854775807"), INT64_MAX);
}

TEST(ParseInteger, RejectsBrokenInput) {
  auto empty = parse_integer("");
  ASSERT_FALSE(empty);
  EXPECT_TRUE(mentions(empty.error(), "empty")) << empty.error().message;
  EXPECT_FALSE(parse_integer("\n"));
  EXPECT_FALSE(parse_integer("7200s\n"));
  EXPECT_FALSE(parse_integer("+1\n"));
  EXPECT_FALSE(parse_integer("-"));
  EXPECT_FALSE(parse_integer("1 2"));
  auto huge = parse_integer("99999999999999999999\n");
  ASSERT_FALSE(huge);
  EXPECT_TRUE(mentions(huge.error(), "99999999999999999999")) << huge.error().message;
  auto binary = parse_integer("\xff\xfe\x01\n");
  ASSERT_FALSE(binary);
  EXPECT_TRUE(mentions(binary.error(), "\\xff\\xfe\\x01")) << binary.error().message;
}

TEST(ParsePortRange, ReadsLowAndHigh) {
  auto range = parse_port_range("32768\t60999\n");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->low, 32768u);
  EXPECT_EQ(range->high, 60999u);
  EXPECT_EQ(range->size(), 28232u);
}

TEST(ParsePortRange, RejectsPortsOutsideSixteenBits) {
  auto high = parse_port_range("32768\t99999\n");
  ASSERT_FALSE(high);
  EXPECT_TRUE(mentions(high.error(), "99999")) << high.error().message;
  EXPECT_FALSE(parse_port_range("-1 100"));
  EXPECT_FALSE(parse_port_range("1024"));
  EXPECT_FALSE(parse_port_range("1024 2048 4096"));
}

}  // namespace
}  // namespace sockscope

#include "filter/port.h"

#include <gtest/gtest.h>

namespace sockscope {
namespace {

std::string error_of(std::string_view text) {
  auto parsed = parse_port(text);
  EXPECT_FALSE(parsed.ok()) << text;
  return parsed.ok() ? "" : parsed.error().message;
}

TEST(Port, Range) {
  EXPECT_EQ(*parse_port("0"), 0);
  EXPECT_EQ(*parse_port("1"), 1);
  EXPECT_EQ(*parse_port("80"), 80);
  EXPECT_EQ(*parse_port("65535"), 65535);
  EXPECT_EQ(*parse_port("00443"), 443);
}

TEST(Port, OutOfRange) {
  EXPECT_EQ(error_of("65536"), "port '65536' out of range (expected 0-65535)");
  EXPECT_EQ(error_of("99999999999999999999999"), "port '99999999999999999999999' out of range (expected 0-65535)");
}

TEST(Port, NotANumber) {
  EXPECT_EQ(error_of("-1"), "bad port '-1' (expected a number 0-65535)");
  EXPECT_EQ(error_of("abc"), "bad port 'abc' (expected a number 0-65535)");
  EXPECT_EQ(error_of(""), "bad port '' (expected a number 0-65535)");
  EXPECT_EQ(error_of("+80"), "bad port '+80' (expected a number 0-65535)");
  EXPECT_EQ(error_of("80 "), "bad port '80 ' (expected a number 0-65535)");
  EXPECT_EQ(error_of("0x50"), "bad port '0x50' (expected a number 0-65535)");
  EXPECT_EQ(error_of("http"), "bad port 'http' (expected a number 0-65535)");
}

}  // namespace
}  // namespace sockscope

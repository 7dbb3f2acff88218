#include "render/json_string.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sockscope {
namespace {

std::string quoted(std::string_view text) {
  fmt::memory_buffer out;
  append_json_string(out, text);
  return fmt::to_string(out);
}

// What a strict parser reads back.
std::string round_trip(std::string_view text) { return nlohmann::json::parse(quoted(text)).get<std::string>(); }

TEST(JsonString, EscapesWhatJsonRequires) {
  EXPECT_EQ(quoted("nginx"), "\"nginx\"");
  EXPECT_EQ(quoted(""), "\"\"");
  EXPECT_EQ(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(quoted("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(quoted(std::string_view("\x01\x1f\0", 3)), "\"\\u0001\\u001f\\u0000\"");
  EXPECT_EQ(quoted("/ \x7f"), "\"/ \x7f\"");
}

TEST(JsonString, KeepsValidUtf8) {
  for (const char* text : {"caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac", "\xf0\x9f\x98\x80", "\xef\xbf\xbf",
                           "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf"}) {
    EXPECT_EQ(quoted(text), std::string("\"") + text + "\"");
    EXPECT_EQ(round_trip(text), text);
  }
}

TEST(JsonString, ReplacesInvalidUtf8) {
  EXPECT_EQ(quoted("a\xff" "b"), "\"a\\ufffdb\"");
  EXPECT_EQ(quoted("\xc0\xaf"), "\"\\ufffd\\ufffd\"");          // overlong '/'
  EXPECT_EQ(quoted("\xe0\x80\xaf"), "\"\\ufffd\\ufffd\\ufffd\"");  // overlong, 3 bytes
  EXPECT_EQ(quoted("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");  // surrogate
  EXPECT_EQ(quoted("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // past U+10FFFF
  EXPECT_EQ(quoted("\xe6\x97"), "\"\\ufffd\\ufffd\"");  // cut short
  EXPECT_EQ(quoted("\x80"), "\"\\ufffd\"");
  EXPECT_EQ(quoted("\xf5\x80\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
  EXPECT_EQ(round_trip("x\xc3"), "x\xef\xbf\xbd");
}

TEST(JsonString, EveryByteParses) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  EXPECT_NO_THROW(round_trip(all));
}

}  // namespace
}  // namespace sockscope

// explain_socket() over hand-built sockets, against golden files.
#include <gtest/gtest.h>

#include <string>

#include "explain/explanation_text.h"
#include "golden.h"
#include "socket_cases.h"

namespace sockscope {
namespace {

class SocketGolden : public ::testing::TestWithParam<test::SocketCase> {};

TEST_P(SocketGolden, MatchesGoldenFile) {
  const test::SocketCase& c = GetParam();
  test::expect_golden("socket-" + c.name, explanation_text(explain_socket(c.context())));
}

TEST_P(SocketGolden, FitsTheTerminalWidth) {
  const std::string text = explanation_text(explain_socket(GetParam().context()));
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    ASSERT_NE(end, std::string::npos) << "the text must end with a newline";
    EXPECT_LE(end - start, kExplanationWidth) << text.substr(start, end - start);
    EXPECT_FALSE(end > start && text[end - 1] == ' ') << "trailing space: " << text.substr(start, end - start);
    start = end + 1;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, SocketGolden, ::testing::ValuesIn(test::socket_cases()), [](const auto& info) {
  std::string name = info.param.name;
  for (char& ch : name) ch = ch == '-' ? '_' : ch;
  return name;
});

}  // namespace
}  // namespace sockscope

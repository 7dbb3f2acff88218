// Wrapping and layout of the terminal text.
#include <gtest/gtest.h>

#include <string>

#include "explain/explanation_text.h"

namespace sockscope {
namespace {

std::string wrapped(std::string_view text, size_t width) {
  fmt::memory_buffer out;
  append_wrapped(out, text, "  ", "  ", width);
  return fmt::to_string(out);
}

TEST(AppendWrapped, BreaksBetweenWordsWithinTheWidth) {
  EXPECT_EQ(wrapped("one two three four", 11), "  one two\n  three\n  four\n");
}

TEST(AppendWrapped, ALongWordGetsALineOfItsOwn) {
  EXPECT_EQ(wrapped("a averyveryverylongword b", 10), "  a\n  averyveryverylongword\n  b\n");
}

TEST(AppendWrapped, HangingIndentForListItems) {
  fmt::memory_buffer out;
  append_wrapped(out, "nginx (pid 1, fd 2) and more", "  - ", "    ", 16);
  EXPECT_EQ(fmt::to_string(out), "  - nginx (pid\n    1, fd 2) and\n    more\n");
}

TEST(AppendWrapped, ExtraSpacesCollapse) {
  EXPECT_EQ(wrapped("a  b   c", 78), "  a b c\n");
}

TEST(ExplanationText, SectionsInOrderAndEmptyOnesLeftOut) {
  Explanation e;
  e.title = "tcp X";
  e.meaning = {"first", "second"};
  e.owner = {"Held by:", "- a (pid 1, fd 2)", "- b (pid 3, fd 4)"};
  e.advice = {"do this"};
  EXPECT_EQ(explanation_text(e),
            "tcp X\n"
            "=====\n"
            "\n"
            "What it means\n"
            "  first\n"
            "\n"
            "  second\n"
            "\n"
            "Owner\n"
            "  Held by:\n"
            "  - a (pid 1, fd 2)\n"
            "  - b (pid 3, fd 4)\n"
            "\n"
            "What to do\n"
            "  do this\n");
}

TEST(ExplanationText, FindingsAsItems) {
  Explanation e;
  e.title = "t";
  Finding f;
  f.kind = "half_open";
  f.severity = Severity::Warning;
  f.subject = "peer 10.0.0.9";
  f.summary = "no answer for 20 min";
  f.advice = "Check the peer.";
  e.findings = {f};
  EXPECT_NE(explanation_text(e).find("Findings about this socket\n"
                                     "  - warning (half_open, peer 10.0.0.9): no answer for 20 min. Check the peer.\n"),
            std::string::npos)
      << explanation_text(e);
  f.advice = "Check the peer and the path to it.";
  e.findings = {f};
  EXPECT_NE(explanation_text(e).find("Findings about this socket\n"
                                     "  - warning (half_open, peer 10.0.0.9): no answer for 20 min. Check the peer\n"
                                     "    and the path to it.\n"),
            std::string::npos)
      << explanation_text(e);
}

}  // namespace
}  // namespace sockscope

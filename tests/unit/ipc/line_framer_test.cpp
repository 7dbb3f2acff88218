// Framing: lines split across reads, pipelined lines, the length cap.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "ipc/line_framer.h"

namespace sockscope::ipc {
namespace {

using Next = LineFramer::Next;

void feed(LineFramer& framer, std::string_view bytes) { framer.append({bytes.data(), bytes.size()}); }

// Every complete line now available; `last` is what next() said at the end.
std::vector<std::string> drain(LineFramer& framer, Next* last = nullptr) {
  std::vector<std::string> lines;
  std::string line;
  Next next;
  while ((next = framer.next(line)) == Next::Line) lines.push_back(line);
  if (last) *last = next;
  return lines;
}

TEST(LineFramerTest, EmptyNeedsMore) {
  LineFramer framer(16);
  std::string line;
  EXPECT_EQ(framer.next(line), Next::NeedMore);
  EXPECT_EQ(framer.buffered(), 0u);
}

TEST(LineFramerTest, OneLine) {
  LineFramer framer(64);
  feed(framer, "{\"method\":\"status\"}\n");
  EXPECT_EQ(drain(framer), std::vector<std::string>{"{\"method\":\"status\"}"});
  EXPECT_EQ(framer.buffered(), 0u);
}

TEST(LineFramerTest, LineSplitAcrossAppends) {
  LineFramer framer(64);
  Next last;
  feed(framer, "{\"meth");
  EXPECT_TRUE(drain(framer, &last).empty());
  EXPECT_EQ(last, Next::NeedMore);
  feed(framer, "od\":\"sta");
  EXPECT_TRUE(drain(framer).empty());
  feed(framer, "tus\"}\n{\"method\"");
  EXPECT_EQ(drain(framer, &last), std::vector<std::string>{"{\"method\":\"status\"}"});
  EXPECT_EQ(last, Next::NeedMore);
  EXPECT_EQ(framer.buffered(), 9u);
  feed(framer, ":\"version\"}\n");
  EXPECT_EQ(drain(framer), std::vector<std::string>{"{\"method\":\"version\"}"});
}

TEST(LineFramerTest, ByteAtATime) {
  LineFramer framer(64);
  std::string text = "ab\ncd\n\nef\n";
  std::vector<std::string> lines;
  for (char c : text) {
    feed(framer, std::string_view(&c, 1));
    for (auto& line : drain(framer)) lines.push_back(line);
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"ab", "cd", "", "ef"}));
}

TEST(LineFramerTest, CarriageReturnIsKept) {
  LineFramer framer(64);
  feed(framer, "{}\r\n\r\n");
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"{}\r", "\r"}));
}

TEST(LineFramerTest, ManyPipelinedLines) {
  LineFramer framer(64 * 1024);
  const std::string request = "{\"method\":\"status\",\"id\":12345}\n";
  std::string burst;
  for (int i = 0; i < 20000; ++i) burst += request;
  size_t count = 0;
  // Feed in uneven reads, draining after each, as the daemon does.
  for (size_t at = 0; at < burst.size(); at += 4093) {
    feed(framer, std::string_view(burst).substr(at, 4093));
    for (auto& line : drain(framer)) {
      EXPECT_EQ(line + "\n", request);
      ++count;
    }
    EXPECT_LT(framer.buffered(), request.size());
  }
  EXPECT_EQ(count, 20000u);
  EXPECT_EQ(framer.buffered(), 0u);
}

TEST(LineFramerTest, ExactlyAtLimit) {
  LineFramer framer(8);
  feed(framer, "12345678");
  std::string line;
  EXPECT_EQ(framer.next(line), Next::NeedMore);
  feed(framer, "\n");
  EXPECT_EQ(framer.next(line), Next::Line);
  EXPECT_EQ(line, "12345678");
}

TEST(LineFramerTest, OneOverLimitWithoutNewline) {
  LineFramer framer(8);
  feed(framer, "123456789");
  std::string line;
  EXPECT_EQ(framer.next(line), Next::TooLong);
  EXPECT_EQ(framer.next(line), Next::TooLong);  // sticky: the caller closes
  feed(framer, "\n{}\n");
  EXPECT_EQ(framer.next(line), Next::TooLong);
}

TEST(LineFramerTest, OverLimitWithNewlineInSameRead) {
  LineFramer framer(8);
  feed(framer, "ok\n123456789\nafter\n");
  Next last;
  EXPECT_EQ(drain(framer, &last), std::vector<std::string>{"ok"});
  EXPECT_EQ(last, Next::TooLong);
}

TEST(LineFramerTest, CapCountsOnlyThePendingLine) {
  // Many short lines in one read may exceed the cap together.
  LineFramer framer(8);
  feed(framer, "1234567\n1234567\n1234567\n1234");
  Next last;
  EXPECT_EQ(drain(framer, &last).size(), 3u);
  EXPECT_EQ(last, Next::NeedMore);
  EXPECT_EQ(framer.buffered(), 4u);
}

TEST(LineFramerTest, GrowsPastTheCapOnlyByOneRead) {
  LineFramer framer(64 * 1024);
  std::string chunk(4096, 'x');
  std::string line;
  Next next = Next::NeedMore;
  size_t fed = 0;
  while (next == Next::NeedMore) {
    feed(framer, chunk);
    fed += chunk.size();
    next = framer.next(line);
  }
  EXPECT_EQ(next, Next::TooLong);
  EXPECT_EQ(fed, 64 * 1024 + 4096u);
}

}  // namespace
}  // namespace sockscope::ipc

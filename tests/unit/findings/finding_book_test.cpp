#include "detect/finding_book.h"

#include <gtest/gtest.h>

#include <vector>

namespace sockscope {
namespace {

using Clock = std::chrono::system_clock;
using namespace std::chrono_literals;

Finding candidate(const std::string& id, Severity severity = Severity::Warning, const std::string& summary = "s") {
  Finding f;
  f.id = id;
  f.kind = id.substr(0, id.find(':'));
  f.severity = severity;
  f.subject = "host";
  f.summary = summary;
  return f;
}

class FindingBookTest : public ::testing::Test {
 protected:
  // One poll a second from t0; returns the events of that poll.
  std::vector<FindingEvent> poll(std::vector<Finding> candidates) {
    return book.update(std::move(candidates), t0 + std::chrono::seconds(polls++), config);
  }
  FindingBook book;
  FindingsConfig config{.raise_after = 2, .clear_after = 3};
  Clock::time_point t0 = Clock::time_point(1'700'000'000s);
  int polls = 0;
};

TEST_F(FindingBookTest, RaisedAfterConsecutivePollsWithSinceAtTheFirst) {
  EXPECT_TRUE(poll({candidate("a:host")}).empty());
  EXPECT_TRUE(book.active().empty());
  auto events = poll({candidate("a:host")});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, FindingEvent::Type::Raised);
  EXPECT_EQ(events[0].finding.since, t0);
  ASSERT_EQ(book.active().size(), 1u);
  EXPECT_EQ(book.active()[0].since, t0);
}

TEST_F(FindingBookTest, AGapRestartsTheCountToRaise) {
  poll({candidate("a:host")});
  poll({});
  EXPECT_TRUE(poll({candidate("a:host")}).empty());
  auto events = poll({candidate("a:host")});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].finding.since, t0 + 2s);
}

TEST_F(FindingBookTest, ClearedAfterConsecutivePollsWithout) {
  poll({candidate("a:host")});
  poll({candidate("a:host", Severity::Warning, "last words")});
  EXPECT_TRUE(poll({}).empty());
  EXPECT_TRUE(poll({}).empty());
  EXPECT_EQ(book.active().size(), 1u) << "still raised while clear_after is not reached";
  auto events = poll({});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, FindingEvent::Type::Cleared);
  EXPECT_EQ(events[0].finding.summary, "last words");
  EXPECT_TRUE(book.active().empty());
}

TEST_F(FindingBookTest, ReturningBeforeClearKeepsItRaisedAndItsSince) {
  poll({candidate("a:host")});
  poll({candidate("a:host")});
  poll({});
  poll({});
  EXPECT_TRUE(poll({candidate("a:host", Severity::Critical, "worse")}).empty());
  ASSERT_EQ(book.active().size(), 1u);
  EXPECT_EQ(book.active()[0].since, t0);
  EXPECT_EQ(book.active()[0].severity, Severity::Critical);
  EXPECT_EQ(book.active()[0].summary, "worse");
  poll({});
  poll({});
  EXPECT_EQ(poll({}).size(), 1u) << "the miss count restarted when it came back";
}

TEST_F(FindingBookTest, RaiseAfterOneRaisesAtOnceAndActiveIsWorstFirst) {
  config.raise_after = 1;
  auto events = poll({candidate("b:host", Severity::Info), candidate("a:x", Severity::Critical),
                      candidate("c:host", Severity::Warning)});
  EXPECT_EQ(events.size(), 3u);
  ASSERT_EQ(book.active().size(), 3u);
  EXPECT_EQ(book.active()[0].id, "a:x");
  EXPECT_EQ(book.active()[1].id, "c:host");
  EXPECT_EQ(book.active()[2].id, "b:host");
}

TEST_F(FindingBookTest, ZeroOrNegativeCountsActLikeOne) {
  config = FindingsConfig{.raise_after = 0, .clear_after = -3};
  EXPECT_EQ(poll({candidate("a:host")}).size(), 1u);
  EXPECT_EQ(poll({}).size(), 1u);
}

TEST_F(FindingBookTest, ClearForgetsEverything) {
  config.raise_after = 1;
  poll({candidate("a:host")});
  book.clear();
  EXPECT_TRUE(book.active().empty());
  EXPECT_EQ(poll({candidate("a:host")}).size(), 1u) << "raised again as new";
}

TEST(SeverityNames, RoundTrip) {
  for (Severity s : {Severity::Info, Severity::Warning, Severity::Critical})
    EXPECT_EQ(parse_severity(severity_name(s)), s);
  EXPECT_FALSE(parse_severity("fatal"));
  EXPECT_FALSE(parse_severity("Warning"));
}

}  // namespace
}  // namespace sockscope

#include "filter/process_selector.h"

#include <gtest/gtest.h>

namespace sockscope {
namespace {

TEST(ProcessSelector, NumbersArePids) {
  auto p = parse_process_selector("1234");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->pid, 1234);
  EXPECT_TRUE(owner_matches(*p, ProcessRef{1234, "nginx", 3}));
  EXPECT_FALSE(owner_matches(*p, ProcessRef{1235, "1234", 3}));
  EXPECT_EQ(parse_process_selector("1")->pid, 1);
  EXPECT_EQ(parse_process_selector("4194304")->pid, 4194304);
}

TEST(ProcessSelector, BadPids) {
  EXPECT_EQ(parse_process_selector("0").error().message, "bad pid '0' (expected 1-4194304)");
  EXPECT_EQ(parse_process_selector("4194305").error().message, "bad pid '4194305' (expected 1-4194304)");
  EXPECT_EQ(parse_process_selector("99999999999999999999").error().message,
            "bad pid '99999999999999999999' (expected 1-4194304)");
  EXPECT_EQ(parse_process_selector("").error().message, "bad process '' (expected a command name or a pid)");
}

TEST(ProcessSelector, NamesMatchCommExactly) {
  auto p = parse_process_selector("nginx");
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->pid.has_value());
  EXPECT_TRUE(owner_matches(*p, ProcessRef{10, "nginx", 3}));
  EXPECT_FALSE(owner_matches(*p, ProcessRef{10, "nginx-worker", 3}));
  EXPECT_FALSE(owner_matches(*p, ProcessRef{10, "Nginx", 3}));
  EXPECT_FALSE(owner_matches(*parse_process_selector("ngin"), ProcessRef{10, "nginx", 3}));
  EXPECT_EQ(parse_process_selector("12ab")->comm, "12ab");
}

TEST(ProcessSelector, LongNamesAreCutLikeComm) {
  auto p = parse_process_selector("systemd-resolved");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->comm, "systemd-resolve");
  EXPECT_TRUE(owner_matches(*p, ProcessRef{500, "systemd-resolve", 13}));
}

}  // namespace
}  // namespace sockscope

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "config/config_keys.h"
#include "../synthetic.h"
#include "detect/detector.h"

namespace sockscope {
namespace {

TEST(DetectorRegistry, EveryKindOnceWithItsConfigSection) {
  std::set<std::string> kinds;
  for (const DetectorInfo& d : detectors()) {
    EXPECT_TRUE(kinds.insert(std::string(d.kind)).second) << d.kind;
    EXPECT_EQ(find_detector(d.kind), &d);
    EXPECT_TRUE(config::find_config_key("detectors." + std::string(d.kind) + ".enabled")) << d.kind;
  }
  EXPECT_EQ(kinds.size(), 14u);
  EXPECT_EQ(find_detector("nonsense"), nullptr);
}

TEST(DetectorRegistry, WhatCannotRunDirectSaysWhatItNeeds) {
  for (const DetectorInfo& d : detectors()) {
    if (!d.runs_direct) {
      EXPECT_FALSE(d.needs_daemon_for.empty()) << d.kind;
    }
  }
}

TEST(DetectorRegistry, RunsEnabledKindsAndSkipsDisabledOnes) {
  Snapshot snapshot;
  DetectorsConfig config;
  EXPECT_TRUE(run_detectors(DetectorInput{snapshot, nullptr, nullptr, config}).empty());
  for (int i = 0; i < 10; ++i) test::add_socket(snapshot, Proto::Tcp, TcpState::TimeWait, 0, 0);
  config.time_wait_buildup.warning_count = 10;
  auto found = run_detectors(DetectorInput{snapshot, nullptr, nullptr, config});
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].kind, "time_wait_buildup");
  config.time_wait_buildup.enabled = false;
  for (const Finding& f : run_detectors(DetectorInput{snapshot, nullptr, nullptr, config}))
    EXPECT_NE(f.kind, "time_wait_buildup");
}

}  // namespace
}  // namespace sockscope

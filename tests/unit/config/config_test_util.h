// Helpers shared by the config tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "config/config.h"

namespace sockscope {

inline std::filesystem::path config_fixture(const char* name) {
  return std::filesystem::path(SOCKSCOPE_TEST_DATA) / "config" / name;
}

// The error message of parsing `text` as "t.toml"; fails the test if it parsed.
inline std::string parse_error_of(std::string_view text) {
  auto parsed = parse_config(text, "t.toml");
  EXPECT_FALSE(parsed.ok()) << text;
  return parsed.ok() ? "" : parsed.error().message;
}

// The error message of one override applied to defaults.
inline std::string override_error_of(std::string_view assignment) {
  DaemonConfig config;
  auto applied = apply_override(config, assignment);
  EXPECT_FALSE(applied.ok()) << assignment;
  EXPECT_EQ(config, DaemonConfig{}) << "a failed override changed the config: " << assignment;
  return applied.ok() ? "" : applied.error().message;
}

}  // namespace sockscope

// Golden files: expected output kept under tests/data/explain/. With
// SOCKSCOPE_UPDATE_GOLDEN=1 in the environment the test writes the file
// from the actual output instead of comparing.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace sockscope::test {

inline std::filesystem::path golden_path(const std::string& name) {
  return std::filesystem::path(SOCKSCOPE_TEST_DATA) / "explain" / (name + ".txt");
}

inline bool updating_golden() {
  const char* update = std::getenv("SOCKSCOPE_UPDATE_GOLDEN");
  return update != nullptr && std::string(update) == "1";
}

inline void expect_golden(const std::string& name, const std::string& actual) {
  const std::filesystem::path path = golden_path(name);
  if (updating_golden()) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << "missing " << path << "; run the test with SOCKSCOPE_UPDATE_GOLDEN=1 to create it";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "output differs from " << path
                                    << "; if the change is intended, rerun with SOCKSCOPE_UPDATE_GOLDEN=1";
}

}  // namespace sockscope::test

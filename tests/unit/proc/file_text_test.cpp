#include "proc/file_text.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <filesystem>
#include <string>

#include "util/unique_fd.h"

namespace sockscope {
namespace {

std::filesystem::path fixture(const char* path) { return std::filesystem::path(SOCKSCOPE_TEST_DATA) / "proc" / path; }

TEST(ReadFileText, ReadsAWholeFixtureFile) {
  auto text = read_file_text(fixture("linux-4.19/sys/net/ipv4/tcp_mem"));
  ASSERT_TRUE(text) << text.error().describe();
  EXPECT_EQ(*text, "45618\t60826\t91236\n");
}

// /proc files report st_size 0 and can be longer than one read chunk.
TEST(ReadFileText, ReadsProcFilesPastOneChunk) {
  auto text = read_file_text("/proc/self/maps");
  ASSERT_TRUE(text) << text.error().describe();
  EXPECT_GT(text->size(), 0u);
  auto netstat = read_file_text(fixture("linux-6.18/net/netstat"));
  ASSERT_TRUE(netstat);
  EXPECT_EQ(netstat->size(), std::filesystem::file_size(fixture("linux-6.18/net/netstat")));
}

TEST(ReadFileText, MissingFileCarriesEnoentAndThePath) {
  auto text = read_file_text(fixture("no-such-file"));
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().err, ENOENT);
  EXPECT_NE(text.error().message.find("no-such-file"), std::string::npos);
}

TEST(ReadFileText, EmptyFileIsEmptyText) {
  auto text = read_file_text(fixture("broken/sys/net/ipv4/tcp_fin_timeout"));
  ASSERT_TRUE(text);
  EXPECT_TRUE(text->empty());
}

TEST(ReadTextAt, ReadsRelativeToADirectoryAndCutsToTheBuffer) {
  UniqueFd dir(::open(fixture("linux-4.19/sys/net/ipv4").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ASSERT_TRUE(dir.valid());
  std::array<char, 64> buffer;
  auto whole = read_text_at(dir.get(), "tcp_rmem", buffer);
  ASSERT_TRUE(whole) << whole.error().describe();
  EXPECT_EQ(*whole, "4096\t87380\t6291456\n");
  std::array<char, 4> small;
  auto cut = read_text_at(dir.get(), "tcp_rmem", small);
  ASSERT_TRUE(cut);
  EXPECT_EQ(*cut, "4096");
  auto missing = read_text_at(dir.get(), "nonesuch", buffer);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().err, ENOENT);
}

}  // namespace
}  // namespace sockscope

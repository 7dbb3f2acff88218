#include <gtest/gtest.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/config.h"
#include "config_test_util.h"

namespace sockscope {
namespace {

// A private scratch directory, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sockscope-config-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(LoadConfig, ExampleFileHoldsTheDefaults) {
  // The shipped example documents the defaults; keep them in step.
  auto config = load_config(config_fixture("example.toml"), false);
  ASSERT_TRUE(config.ok()) << config.error().describe();
  EXPECT_EQ(*config, DaemonConfig{});
}

TEST(LoadConfig, EveryKeyFromAFile) {
  auto config = load_config(config_fixture("custom.toml"), false);
  ASSERT_TRUE(config.ok()) << config.error().describe();
  EXPECT_EQ(config->interval_s, 0.25);
  EXPECT_EQ(config->socket_path, "/run/other/sockscoped.sock");
  EXPECT_EQ(config->socket_group, "netops");
  EXPECT_EQ(config->max_clients, 8);
  EXPECT_EQ(config->client_idle_timeout_s, 30.5);
  EXPECT_EQ(config->client_output_limit, 1048576u);
  EXPECT_EQ(config->log_level, "debug");
  EXPECT_EQ(config->history_seconds, 600);
  EXPECT_FALSE(config->processes);
  EXPECT_FALSE(config->tcp_info);
  EXPECT_FALSE(config->mem);
}

TEST(LoadConfig, ErrorsNameTheFile) {
  auto path = config_fixture("one-bad-key.toml");
  auto config = load_config(path, true);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message,
            path.string() + ":5: daemon.log_level: expected one of debug, info, warning, error, got \"loud\"");

  path = config_fixture("syntax-error.toml");
  config = load_config(path, true);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message.rfind(path.string() + ":3: ", 0), 0u) << config.error().message;
}

TEST(LoadConfig, MissingFileWithMissingOkGivesDefaults) {
  auto config = load_config(config_fixture("no-such-file.toml"), true);
  ASSERT_TRUE(config.ok()) << config.error().describe();
  EXPECT_EQ(*config, DaemonConfig{});
  config = load_config(config_fixture("no-such-dir/sockscoped.toml"), true);
  ASSERT_TRUE(config.ok()) << config.error().describe();
}

TEST(LoadConfig, MissingFileIsAnErrorOtherwise) {
  auto path = config_fixture("no-such-file.toml");
  auto config = load_config(path, false);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().err, ENOENT);
  EXPECT_EQ(config.error().describe(), "cannot open config file " + path.string() + ": No such file or directory");
}

TEST(LoadConfig, DirectoryIsAnError) {
  auto path = config_fixture("");
  auto config = load_config(path, true);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().err, EISDIR);
  EXPECT_NE(config.error().describe().find(path.string()), std::string::npos);
}

TEST(LoadConfig, FifoIsAnErrorWithoutBlocking) {
  ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  auto path = dir.path() / "fifo.toml";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  auto config = load_config(path, true);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().describe(), "config file " + path.string() + " is not a regular file");
}

TEST(LoadConfig, UnreadableFileIsAnError) {
  ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  ASSERT_EQ(::chmod(dir.path().c_str(), 0711), 0);
  auto path = dir.path() / "secret.toml";
  std::ofstream(path) << "[daemon]\n";
  ASSERT_EQ(::chmod(path.c_str(), 0), 0);
  const std::string expected = "cannot open config file " + path.string() + ": Permission denied";
  // There but unreadable: missing_ok does not cover it.
  auto refused = [&] {
    auto config = load_config(path, true);
    return !config.ok() && config.error().err == EACCES && config.error().describe() == expected;
  };
  if (::geteuid() != 0) {
    EXPECT_TRUE(refused());
    return;
  }
  // Root reads any file: ask as nobody, in a child.
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    bool dropped = ::setgid(65534) == 0 && ::setuid(65534) == 0;
    ::_exit(dropped && refused() ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "as nobody, expected: " << expected;
}

TEST(LoadConfig, OversizedFileIsAnError) {
  ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  auto path = dir.path() / "big.toml";
  {
    std::ofstream out(path);
    std::string comment(1023, '#');
    for (int i = 0; i < 1025; ++i) out << comment << '\n';
  }
  auto config = load_config(path, true);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().describe(), "config file " + path.string() + " is larger than 1 MiB");
}

TEST(LoadConfig, FileAtTheSizeBoundIsRead) {
  ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  auto path = dir.path() / "full.toml";
  {
    std::ofstream out(path);
    std::string comment(1023, '#');
    for (int i = 0; i < 1024; ++i) out << comment << '\n';  // exactly 1 MiB of comments
  }
  ASSERT_EQ(std::filesystem::file_size(path), 1024u * 1024);
  auto config = load_config(path, false);
  ASSERT_TRUE(config.ok()) << config.error().describe();
  EXPECT_EQ(*config, DaemonConfig{});
}

}  // namespace
}  // namespace sockscope

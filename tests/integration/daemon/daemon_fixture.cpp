#include "daemon_fixture.h"

#include <fstream>

namespace sockscope::testing {

void DaemonTest::SetUp() {
  NetnsTest::SetUp();
  if (IsSkipped() || HasFatalFailure()) return;
  ASSERT_FALSE(dir_.path().empty()) << "mkdtemp failed";
  write_config("");
}

void DaemonTest::write_config(const std::string& text) {
  std::ofstream out(config_path(), std::ios::trunc);
  out << text;
  ASSERT_TRUE(out.good()) << "cannot write " << config_path();
}

void DaemonTest::start_daemon(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--config", config_path()};
  args.insert(args.end(), extra.begin(), extra.end());
  ASSERT_TRUE(daemon_.start(socket_path(), args)) << "sockscoped did not come up: " << daemon_binary();
}

}  // namespace sockscope::testing

// Each daemon test: a fresh network namespace, a private directory holding
// the socket and an (empty) config file, and one daemon polling every 0.2 s.
#pragma once

#include <string>
#include <vector>

#include "daemon_harness.h"
#include "netns_fixture.h"

namespace sockscope::testing {

class DaemonTest : public NetnsTest {
 protected:
  void SetUp() override;

  // Starts the daemon with --config <dir>/sockscoped.toml plus `extra` flags.
  void start_daemon(const std::vector<std::string>& extra = {"--interval", "0.2"});
  void write_config(const std::string& text);

  std::string socket_path() const { return dir_.file("sockscoped.sock"); }
  std::string config_path() const { return dir_.file("sockscoped.toml"); }

  TempDir dir_;
  DaemonProcess daemon_;
};

}  // namespace sockscope::testing

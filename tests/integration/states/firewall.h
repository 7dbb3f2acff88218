// Packet drops inside the test's namespace, through nft. Dropping at the input
// hook freezes a connection half-way through a close or a handshake, which is
// how the transient TCP states are held still long enough to observe. The
// rules die with the namespace, so nothing needs undoing.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "netns_fixture.h"

namespace sockscope::testing {

class Firewall {
 public:
  Firewall() {
    run("add table inet sockscope_test");
    run("add chain inet sockscope_test input '{ type filter hook input priority 0; policy accept; }'");
  }

  // Every TCP segment addressed to `port` (IPv4 and IPv6) is lost.
  void drop_tcp_to(uint16_t port) {
    run("add rule inet sockscope_test input tcp dport " + std::to_string(port) + " drop");
  }

  // Segments to `port` carrying ACK are lost; a bare SYN still gets through.
  // Holds the server side of a handshake in SYN_RECV.
  void drop_tcp_acks_to(uint16_t port) {
    run("add rule inet sockscope_test input tcp dport " + std::to_string(port) + " 'tcp flags & ack == ack' drop");
  }

 private:
  static void run(const std::string& args) {
    int status = 0;
    std::string output = run_command("nft " + args + " 2>&1", &status);
    if (status != 0) {
      throw std::runtime_error("nft " + args + " failed (status " + std::to_string(status) + "): " + output);
    }
  }
};

}  // namespace sockscope::testing

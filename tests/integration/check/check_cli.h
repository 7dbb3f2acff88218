// Running `sockscope check` from the check tests, in the test's network
// namespace, optionally with netlink out of its reach.
#pragma once

#include <string>
#include <vector>

namespace sockscope::testing {

struct CliRun {
  int exit_code = -1;  // -1: did not exit normally
  std::string out;
  std::string err;
  std::string first_line() const { return out.substr(0, out.find('\n')); }
};

// How the child may use netlink. Refused installs a seccomp filter that
// fails socket(AF_NETLINK, ...) with EAFNOSUPPORT, as systemd's
// RestrictAddressFamilies= without AF_NETLINK does: sock_diag is then out
// of reach, so a direct poll cannot read the kernel.
enum class Netlink { Allowed, Refused };

// `sockscope check <args...>` with stdout and stderr captured.
CliRun run_check(const std::vector<std::string>& args, Netlink netlink = Netlink::Allowed);

// Whether this architecture's seccomp filter is known here.
bool can_refuse_netlink();

}  // namespace sockscope::testing

// Running `sockscope check` (and, for the daemon path, a sockscoped) from
// the check tests, in the test's network namespace.
#pragma once

#include <sys/types.h>

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

// A private directory under /tmp, removed with its contents.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Writes `text` to `name` and returns its path.
  std::string write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

// sockscoped polling every 0.2 s on `socket` with `config`; killed on destruction.
class CheckDaemon {
 public:
  // False when it did not answer on its socket within 10 s.
  bool start(const std::string& socket, const std::string& config);
  ~CheckDaemon();

 private:
  pid_t pid_ = -1;
};

}  // namespace sockscope::testing

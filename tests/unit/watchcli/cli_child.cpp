#include "cli_child.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>

namespace sockscope::testing {

CliChild run_cli_child(const std::string& args, std::chrono::seconds deadline) {
  CliChild child;
  char err_path[] = "/tmp/sockscope-watchcli-XXXXXX";
  const int err_fd = ::mkstemp(err_path);
  if (err_fd < 0) return child;
  ::close(err_fd);
  // timeout(1) exits 137 when it had to kill: not an exit status the CLI uses.
  const std::string command = "timeout -s KILL " + std::to_string(deadline.count()) + " " + SOCKSCOPE_CLI_PATH +
                              " " + args + " 2>" + err_path + " </dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    std::remove(err_path);
    return child;
  }
  std::array<char, 4096> chunk{};
  size_t n;
  while ((n = std::fread(chunk.data(), 1, chunk.size(), pipe)) > 0) child.out.append(chunk.data(), n);
  const int raw = ::pclose(pipe);
  if (WIFEXITED(raw) && WEXITSTATUS(raw) != 137) child.status = WEXITSTATUS(raw);
  if (FILE* err = std::fopen(err_path, "r")) {
    while ((n = std::fread(chunk.data(), 1, chunk.size(), err)) > 0) child.err.append(chunk.data(), n);
    std::fclose(err);
  }
  std::remove(err_path);
  return child;
}

}  // namespace sockscope::testing

#include "client_harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "netns_fixture.h"

namespace sockscope::testing {

std::string daemon_path() {
  std::string path = SOCKSCOPE_CLI_PATH;
  const std::string cli = "cli/sockscope";
  path.replace(path.rfind(cli), cli.size(), "daemon/sockscoped");
  return path;
}

ScratchDir::ScratchDir() {
  char name[] = "/tmp/sockscope-client-XXXXXX";
  if (::mkdtemp(name) != nullptr) path_ = name;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

bool Daemon::start(const std::string& socket) {
  pid_ = ::fork();
  if (pid_ < 0) return false;
  if (pid_ == 0) {
    std::string binary = daemon_path();
    // Its log would interleave with the test's output; the tests read its answers instead.
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    ::execl(binary.c_str(), binary.c_str(), "--socket", socket.c_str(), "--interval", "0.2", nullptr);
    ::_exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    CliRun run = run_cli("status --json --socket " + socket);
    if (run.status == 0 && run.err.empty()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

Daemon::~Daemon() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

CliRun run_cli(const std::string& args) {
  char err_path[] = "/tmp/sockscope-client-err-XXXXXX";
  int err_fd = ::mkstemp(err_path);
  if (err_fd >= 0) ::close(err_fd);
  CliRun run;
  run.out = run_command(std::string(SOCKSCOPE_CLI_PATH) + " " + args + " 2>" + err_path, &run.status);
  std::ifstream err(err_path);
  std::stringstream text;
  text << err.rdbuf();
  run.err = text.str();
  std::remove(err_path);
  return run;
}

Listener::Listener() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) return;
  if (::listen(fd_.get(), 16) != 0) return;
  socklen_t len = sizeof(addr);
  ::getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
}

Connection connect_to(const Listener& listener) {
  Connection c;
  c.client = UniqueFd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(listener.port());
  if (::connect(c.client.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) return c;
  c.server = UniqueFd(::accept4(listener.fd(), nullptr, nullptr, SOCK_CLOEXEC));
  return c;
}

int ss_count(const std::string& state) {
  std::string out = run_command("ss -tanH state " + state);
  int lines = 0;
  for (char c : out) lines += c == '\n';
  return lines;
}

}  // namespace sockscope::testing

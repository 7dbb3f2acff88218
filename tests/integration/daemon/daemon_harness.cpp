#include "daemon_harness.h"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

namespace sockscope::testing {

namespace {

using namespace std::chrono_literals;

std::chrono::steady_clock::time_point deadline_after(std::chrono::milliseconds timeout) {
  return std::chrono::steady_clock::now() + timeout;
}

int millis_left(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

}  // namespace

TempDir::TempDir() {
  std::string pattern = "/tmp/sockscoped-test.XXXXXX";
  if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& name, const std::string& text) const {
  std::ofstream(file(name), std::ios::trunc) << text;
  return file(name);
}

std::string daemon_binary() {
  std::string path = SOCKSCOPE_CLI_PATH;
  const std::string cli = "cli/sockscope";
  if (auto at = path.rfind(cli); at != std::string::npos) path.replace(at, cli.size(), "daemon/sockscoped");
  return path;
}

bool DaemonProcess::launch(const std::string& socket, const std::vector<std::string>& args) {
  std::vector<std::string> argv_text = {daemon_binary(), "--socket", socket};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) return false;
  if (pid_ == 0) {
    // The test framework may have blocked signals; the daemon starts clean.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return true;
}

bool DaemonProcess::start(const std::string& socket, const std::vector<std::string>& args,
                          std::chrono::milliseconds timeout) {
  if (!launch(socket, args)) return false;
  auto deadline = deadline_after(timeout);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) return false;
    if (auto connection = Connection::open(socket)) {
      if (connection->request({{"method", "version"}}).contains("result")) return true;
    }
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

DaemonProcess::~DaemonProcess() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

void DaemonProcess::signal(int sig) const {
  if (pid_ > 0) ::kill(pid_, sig);
}

bool DaemonProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t done = ::waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

int DaemonProcess::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = deadline_after(timeout);
  while (pid_ > 0) {
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    if (std::chrono::steady_clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(10ms);
  }
  return -1;
}

std::optional<Connection> Connection::open(const std::string& socket) {
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return std::nullopt;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socket.size() >= sizeof addr.sun_path) return std::nullopt;
  std::memcpy(addr.sun_path, socket.data(), socket.size());
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) return std::nullopt;
  return Connection(std::move(fd));
}

bool Connection::send_text(const std::string& text) {
  size_t sent = 0;
  while (sent < text.size()) {
    ssize_t n = ::send(fd_.get(), text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

std::optional<std::string> Connection::read_line(std::chrono::milliseconds timeout) {
  auto deadline = deadline_after(timeout);
  for (;;) {
    if (auto newline = buffer_.find('\n'); newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    pollfd pfd{fd_.get(), POLLIN, 0};
    int ready = ::poll(&pfd, 1, millis_left(deadline));
    if (ready <= 0) return std::nullopt;
    char chunk[65536];
    ssize_t n = ::recv(fd_.get(), chunk, sizeof chunk, 0);
    if (n <= 0) return std::nullopt;
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

bool Connection::closed_by_peer(std::chrono::milliseconds timeout) {
  auto deadline = deadline_after(timeout);
  for (;;) {
    pollfd pfd{fd_.get(), POLLIN, 0};
    if (::poll(&pfd, 1, millis_left(deadline)) <= 0) return false;
    char chunk[65536];
    ssize_t n = ::recv(fd_.get(), chunk, sizeof chunk, 0);
    if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
    if (n < 0) return false;
  }
}

nlohmann::json Connection::request(const nlohmann::json& request) {
  if (!send_text(request.dump() + "\n")) return nullptr;
  auto line = read_line();
  if (!line) return nullptr;
  return nlohmann::json::parse(*line, nullptr, false);
}

nlohmann::json request_once(const std::string& socket, const nlohmann::json& request) {
  auto connection = Connection::open(socket);
  if (!connection) return nullptr;
  return connection->request(request);
}

nlohmann::json daemon_status(const std::string& socket) {
  auto response = request_once(socket, {{"method", "status"}});
  if (!response.is_object() || !response.contains("result")) return nullptr;
  return response["result"];
}

bool wait_for_polls(const std::string& socket, uint64_t more, std::chrono::milliseconds timeout) {
  auto first = daemon_status(socket);
  if (first.is_null()) return false;
  const uint64_t target = first["daemon"]["polls"].get<uint64_t>() + more;
  auto deadline = deadline_after(timeout);
  while (std::chrono::steady_clock::now() < deadline) {
    auto status = daemon_status(socket);
    if (!status.is_null() && status["daemon"]["polls"].get<uint64_t>() >= target) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

}  // namespace sockscope::testing

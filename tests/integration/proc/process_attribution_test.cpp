// Process attribution against real processes: a forked child, an exec'd
// program, and a listener shared across fork (the prefork server pattern).
// Sockets live in the test's private namespace; /proc is host-wide, so the
// scan sees them all the same.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

#include "netns_fixture.h"
#include "proc/process_scanner.h"
#include "util/unique_fd.h"

namespace sockscope::testing {
namespace {

// Kills and reaps a child however the test ends, so a failed assertion
// never leaves a process behind.
class ChildGuard {
 public:
  explicit ChildGuard(pid_t pid) : pid_(pid) {}
  ChildGuard(const ChildGuard&) = delete;
  ChildGuard& operator=(const ChildGuard&) = delete;
  ~ChildGuard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_;
};

struct Pipe {
  UniqueFd read_end, write_end;
};

Pipe make_pipe() {
  int fds[2] = {-1, -1};
  if (::pipe2(fds, O_CLOEXEC) != 0) return {};
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// What a child reports about the socket it holds.
struct Held {
  uint64_t inode = 0;
  int32_t fd = -1;
};

// Reads exactly sizeof(T); false when the writer closed first.
template <typename T>
bool read_exact(int fd, T& into) {
  auto* bytes = reinterpret_cast<char*>(&into);
  size_t got = 0;
  while (got < sizeof(T)) {
    ssize_t n = ::read(fd, bytes + got, sizeof(T) - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    got += static_cast<size_t>(n);
  }
  return true;
}

// A TCP listener on 127.0.0.1, any port.
UniqueFd listener(int flags = SOCK_CLOEXEC) {
  UniqueFd sock(::socket(AF_INET, SOCK_STREAM | flags, 0));
  if (!sock.valid()) return sock;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(sock.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return UniqueFd();
  if (::listen(sock.get(), 16) != 0) return UniqueFd();
  return sock;
}

uint64_t inode_of(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return 0;
  return st.st_ino;
}

std::string own_comm() {
  char name[17] = {};
  ::prctl(PR_GET_NAME, name, 0, 0, 0);
  return name;
}

bool has_owner(const ProcessIndex& index, uint64_t inode, pid_t pid, const std::string& comm, int fd) {
  auto owners = index.find(inode);
  return std::any_of(owners.begin(), owners.end(), [&](const ProcessRef& ref) {
    return ref.pid == pid && ref.comm == comm && ref.fd == fd;
  });
}

std::string describe(const ProcessIndex& index, uint64_t inode) {
  std::string text = "owners of inode " + std::to_string(inode) + ":";
  for (const auto& ref : index.find(inode))
    text += " {" + std::to_string(ref.pid) + " " + ref.comm + " fd " + std::to_string(ref.fd) + "}";
  return text;
}

// In a forked child: die with the parent, take `name`, report, then wait to be killed.
[[noreturn]] void hold_and_wait(const char* name, int report_fd, const Held& held) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  ::prctl(PR_SET_NAME, name);
  if (::write(report_fd, &held, sizeof held) != static_cast<ssize_t>(sizeof held)) ::_exit(1);
  for (;;) ::pause();
}

class ProcessAttribution : public NetnsTest {};

TEST_F(ProcessAttribution, ForkedChildIsReportedWithItsPidAndComm) {
  Pipe report = make_pipe();
  ASSERT_TRUE(report.read_end.valid());
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0) << std::strerror(errno);
  if (pid == 0) {
    // Only async-signal-safe calls between fork and _exit.
    UniqueFd sock(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    Held held{sock.valid() ? inode_of(sock.get()) : 0, static_cast<int32_t>(sock.get())};
    hold_and_wait("ssc-holder", report.write_end.get(), held);
  }
  ChildGuard child(pid);
  report.write_end.reset();
  Held held;
  ASSERT_TRUE(read_exact(report.read_end.get(), held)) << "child died before reporting";
  ASSERT_NE(held.inode, 0u);

  ProcessIndex index = scan_processes("/proc");
  EXPECT_TRUE(has_owner(index, held.inode, child.pid(), "ssc-holder", held.fd)) << describe(index, held.inode);
  ASSERT_FALSE(index.find(held.inode).empty());
  EXPECT_EQ(index.find(held.inode).size(), 1u) << describe(index, held.inode);
}

TEST_F(ProcessAttribution, ExecedProgramKeepsItsInheritedSocket) {
  UniqueFd sock = listener(0);  // no CLOEXEC: the socket must survive exec
  ASSERT_TRUE(sock.valid()) << std::strerror(errno);
  const uint64_t inode = inode_of(sock.get());
  constexpr int kChildFd = 57;

  // The write end closes on a successful exec: EOF on the read end means
  // the child now runs `sleep` (and its comm says so).
  Pipe exec_done = make_pipe();
  ASSERT_TRUE(exec_done.read_end.valid());
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0) << std::strerror(errno);
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::dup2(sock.get(), kChildFd) == kChildFd) ::execlp("sleep", "sleep", "60", static_cast<char*>(nullptr));
    int err = errno;
    (void)!::write(exec_done.write_end.get(), &err, sizeof err);
    ::_exit(127);
  }
  ChildGuard child(pid);
  exec_done.write_end.reset();
  int exec_errno = 0;
  ASSERT_FALSE(read_exact(exec_done.read_end.get(), exec_errno)) << "exec sleep: " << std::strerror(exec_errno);

  ProcessIndex index = scan_processes("/proc");
  EXPECT_TRUE(has_owner(index, inode, child.pid(), "sleep", kChildFd)) << describe(index, inode);
  EXPECT_TRUE(has_owner(index, inode, ::getpid(), own_comm(), sock.get())) << describe(index, inode);
}

TEST_F(ProcessAttribution, SharedListenerListsParentAndChild) {
  UniqueFd sock = listener();
  ASSERT_TRUE(sock.valid()) << std::strerror(errno);
  const uint64_t inode = inode_of(sock.get());

  Pipe report = make_pipe();
  ASSERT_TRUE(report.read_end.valid());
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0) << std::strerror(errno);
  if (pid == 0) hold_and_wait("ssc-prefork", report.write_end.get(), Held{inode, static_cast<int32_t>(sock.get())});
  ChildGuard child(pid);
  report.write_end.reset();
  Held held;
  ASSERT_TRUE(read_exact(report.read_end.get(), held)) << "child died before reporting";

  ProcessIndex index = scan_processes("/proc");
  EXPECT_TRUE(has_owner(index, inode, ::getpid(), own_comm(), sock.get())) << describe(index, inode);
  EXPECT_TRUE(has_owner(index, inode, child.pid(), "ssc-prefork", sock.get())) << describe(index, inode);
  ASSERT_FALSE(index.find(inode).empty());
  EXPECT_EQ(index.find(inode).size(), 2u) << describe(index, inode);
}

TEST_F(ProcessAttribution, AClosedSocketIsNoLongerAttributed) {
  UniqueFd sock = listener();
  ASSERT_TRUE(sock.valid()) << std::strerror(errno);
  const uint64_t inode = inode_of(sock.get());
  EXPECT_FALSE(scan_processes("/proc").find(inode).empty());
  sock.reset();
  EXPECT_TRUE(scan_processes("/proc").find(inode).empty());
}

}  // namespace
}  // namespace sockscope::testing

#include "proc/process_scanner.h"

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_set>
#include <vector>

#include "util/unique_fd.h"

namespace sockscope {
namespace {

namespace fs = std::filesystem;

// A fake proc tree in a fresh temporary directory, removed afterwards. The
// fd links are made at test time: symlinks are not committed to the repo.
class FakeProc {
 public:
  FakeProc() {
    std::string pattern = (fs::temp_directory_path() / "sockscope-proc-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) root_ = pattern;
  }
  ~FakeProc() {
    std::error_code ignored;
    if (!root_.empty()) fs::remove_all(root_, ignored);
  }
  FakeProc(const FakeProc&) = delete;
  FakeProc& operator=(const FakeProc&) = delete;

  const fs::path& root() const { return root_; }

  void comm(const std::string& pid, const std::string& name) {
    fs::create_directories(root_ / pid);
    std::ofstream(root_ / pid / "comm") << name << '\n';
  }
  void link(const std::string& dir, const std::string& fd, const std::string& target) {
    fs::create_directories(root_ / dir);
    fs::create_directory_symlink(target, root_ / dir / fd);
  }

 private:
  fs::path root_;
};

using Owner = std::tuple<int32_t, std::string, int32_t>;

std::vector<Owner> owners_of(const ProcessIndex& index, uint64_t inode) {
  std::vector<Owner> owners;
  for (const auto& ref : index.find(inode)) owners.emplace_back(ref.pid, ref.comm, ref.fd);
  std::sort(owners.begin(), owners.end());
  return owners;
}

// Two nginx processes share a listener; a threaded one, a socketless one,
// one without an fd dir, one that lost its comm, and entries that are not processes.
void build_tree(FakeProc& proc) {
  proc.comm("100", "nginx");
  proc.link("100/fd", "0", "/dev/null");
  proc.link("100/fd", "3", "socket:[1001]");
  proc.link("100/fd", "4", "socket:[1002]");
  proc.link("100/fd", "5", "pipe:[77]");
  proc.link("100/fd", "6", "anon_inode:[eventpoll]");
  proc.comm("101", "nginx");
  proc.link("101/fd", "3", "socket:[1001]");
  proc.link("101/fd", "7", "socket:[1003]");
  proc.comm("102", "nosock");
  proc.link("102/fd", "0", "/dev/null");
  proc.comm("103", "gone");
  fs::create_directories(proc.root() / "104/fd");
  proc.link("104/fd", "9", "socket:[1004]");
  proc.comm("105", "threaded");
  proc.link("105/fd", "3", "socket:[2001]");
  proc.link("105/task/106/fd", "3", "socket:[2001]");
  proc.link("105/task/105/fd", "3", "socket:[2001]");
  fs::create_directory_symlink("100", proc.root() / "self");
  fs::create_directories(proc.root() / "net");
  proc.link("42abc/fd", "3", "socket:[3001]");
}

TEST(ScanProcesses, FakeTreeMapsInodesToEveryHolder) {
  FakeProc proc;
  ASSERT_FALSE(proc.root().empty());
  build_tree(proc);
  ProcessIndex index = scan_processes(proc.root());

  EXPECT_EQ(owners_of(index, 1001), (std::vector<Owner>{{100, "nginx", 3}, {101, "nginx", 3}}));
  EXPECT_EQ(owners_of(index, 1002), (std::vector<Owner>{{100, "nginx", 4}}));
  EXPECT_EQ(owners_of(index, 1003), (std::vector<Owner>{{101, "nginx", 7}}));
  EXPECT_EQ(owners_of(index, 2001), (std::vector<Owner>{{105, "threaded", 3}})) << "threads are not processes";
  EXPECT_TRUE(index.find(1004).empty()) << "a process without comm has exited";
  EXPECT_TRUE(index.find(3001).empty()) << "not a pid directory";
  EXPECT_TRUE(index.find(77).empty()) << "pipes are not sockets";
  EXPECT_EQ(index.sockets(), 4u);
  EXPECT_EQ(index.processes_scanned, 4u);  // 100, 101, 102, 105
  EXPECT_EQ(index.processes_unreadable, 2u);  // 103 (no fd dir), 104 (no comm)
}

TEST(ScanProcesses, WantedInodesFilterTheIndex) {
  FakeProc proc;
  ASSERT_FALSE(proc.root().empty());
  build_tree(proc);
  const std::unordered_set<uint64_t> wanted{1003, 2001, 9999};
  ScanOptions options;
  options.wanted = &wanted;
  ProcessIndex index = scan_processes(proc.root(), options);
  EXPECT_EQ(index.sockets(), 2u);
  EXPECT_EQ(owners_of(index, 1003), (std::vector<Owner>{{101, "nginx", 7}}));
  EXPECT_TRUE(index.find(1001).empty());
  // comm is read only for a process holding a wanted socket, so 104's missing
  // comm goes unnoticed here.
  EXPECT_EQ(index.processes_scanned, 5u);
  EXPECT_EQ(index.processes_unreadable, 1u);
}

TEST(ScanProcesses, AnEmptyTreeHasNoOwners) {
  FakeProc proc;
  ASSERT_FALSE(proc.root().empty());
  ProcessIndex index = scan_processes(proc.root());
  EXPECT_TRUE(index.empty());
  EXPECT_EQ(index.processes_scanned, 0u);
  EXPECT_EQ(index.processes_unreadable, 0u);
}

TEST(ScanProcesses, AMissingRootIsEmptyOrAnError) {
  const fs::path missing = fs::path(SOCKSCOPE_TEST_DATA) / "proc/no-such-tree";
  EXPECT_TRUE(scan_processes(missing).empty());
  auto checked = try_scan_processes(missing);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().err, ENOENT);
}

std::string own_comm() {
  char name[17] = {};
  ::prctl(PR_GET_NAME, name, 0, 0, 0);
  return name;
}

// A second thread is running, so a scan that walked /proc/PID/task would
// report this process twice.
TEST(ScanProcesses, FindsASocketThisProcessHolds) {
  UniqueFd sock(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  ASSERT_TRUE(sock.valid());
  struct stat st {};
  ASSERT_EQ(::fstat(sock.get(), &st), 0);

  std::atomic<bool> stop{false};
  std::thread busy([&stop] {
    while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  ProcessIndex index = scan_processes("/proc");
  stop = true;
  busy.join();

  EXPECT_GE(index.processes_scanned, 1u);
  EXPECT_EQ(owners_of(index, st.st_ino),
            (std::vector<Owner>{{static_cast<int32_t>(::getpid()), own_comm(), sock.get()}}));
}

// Without privilege, other users' fd directories are closed: those processes
// are counted, the scan goes on, and our own sockets are still found. As root
// the check runs in a child that drops to nobody.
TEST(ScanProcesses, OtherUsersProcessesAreCountedUnreadable) {
  auto check = [] {
    UniqueFd sock(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    struct stat st {};
    if (!sock.valid() || ::fstat(sock.get(), &st) != 0) return 2;
    ProcessIndex index = scan_processes("/proc");
    if (index.processes_unreadable == 0) return 3;
    auto owners = index.find(st.st_ino);
    if (owners.size() != 1 || owners.front().pid != ::getpid()) return 4;
    return 0;
  };
  if (::geteuid() != 0) {
    EXPECT_EQ(check(), 0);
    return;
  }
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    constexpr uid_t kNobody = 65534;
    if (::setgroups(0, nullptr) != 0 || ::setresgid(kNobody, kNobody, kNobody) != 0 ||
        ::setresuid(kNobody, kNobody, kNobody) != 0)
      ::_exit(1);
    ::_exit(check());
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0)
      << "1: cannot drop privileges, 2: no socket, 3: nothing unreadable, 4: own socket missing";
}

}  // namespace
}  // namespace sockscope

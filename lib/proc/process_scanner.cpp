// The /proc scan behind scan_processes. It runs once per poll over every fd
// of every process (100,000 sockets on a busy host), so it stays on
// directory fds (no path lookups from the root), reads link targets into a
// stack buffer, and builds the index in one pass once its size is known.
#include "proc/process_scanner.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "proc/file_text.h"
#include "proc/unique_dir.h"

namespace sockscope {

namespace {

// One socket fd found by the scan, before the index is built.
struct Holding {
  uint64_t inode;
  int32_t fd;
  uint32_t process;  // index into ScanState::processes
};

struct Holder {
  int32_t pid;
  std::string comm;
};

struct ScanState {
  std::vector<Holding> holdings;
  std::vector<Holder> processes;  // only those holding a recorded socket
  uint32_t scanned = 0;
  uint32_t unreadable = 0;
};

// A whole decimal name ("1234") as a non-negative int32; nullopt otherwise.
std::optional<int32_t> decimal_name(const char* name) {
  if (name[0] < '0' || name[0] > '9') return std::nullopt;
  const char* end = name + std::strlen(name);
  int32_t value = 0;
  auto [stop, ec] = std::from_chars(name, end, value, 10);
  if (ec != std::errc{} || stop != end) return std::nullopt;
  return value;
}

// "PID/leaf" in a stack buffer: a pid has at most 10 digits.
struct RelativePath {
  std::array<char, 32> text{};
  RelativePath(const char* pid_name, const char* leaf) {
    size_t pid_len = std::strlen(pid_name);
    size_t leaf_len = std::strlen(leaf);
    if (pid_len + 1 + leaf_len + 1 > text.size()) return;  // leaves "", which openat rejects
    std::memcpy(text.data(), pid_name, pid_len);
    text[pid_len] = '/';
    std::memcpy(text.data() + pid_len + 1, leaf, leaf_len + 1);
  }
  const char* c_str() const { return text.data(); }
};

// comm without its trailing newline; empty optional when the process is gone.
std::optional<std::string> read_comm(int root_fd, const char* pid_name) {
  // 15 bytes for most tasks; workqueue workers show up to 63 ("kworker/u8:2-events").
  std::array<char, 80> buffer;
  auto text = read_text_at(root_fd, RelativePath(pid_name, "comm").c_str(), buffer);
  if (!text) return std::nullopt;
  std::string_view comm = *text;
  if (!comm.empty() && comm.back() == '\n') comm.remove_suffix(1);
  return std::string(comm);
}

// Lists one process's fds. False when it could not be read: no privilege,
// or it exited; whatever it contributed is then taken back.
bool scan_process(int root_fd, const char* pid_name, int32_t pid, const ScanOptions& options, ScanState& state) {
  auto dir = open_dir_at(root_fd, RelativePath(pid_name, "fd").c_str());
  if (!dir) return false;
  const int fd_dir = ::dirfd(dir->get());
  const size_t first = state.holdings.size();
  const auto process = static_cast<uint32_t>(state.processes.size());

  std::array<char, 64> target;  // "socket:[N]" fits; longer targets are not sockets
  for (;;) {
    errno = 0;
    const dirent* entry = ::readdir(dir->get());
    if (entry == nullptr) {
      if (errno == 0) break;
      state.holdings.resize(first);
      return false;
    }
    if (entry->d_type != DT_LNK && entry->d_type != DT_UNKNOWN) continue;  // ".", ".."
    ssize_t n = ::readlinkat(fd_dir, entry->d_name, target.data(), target.size());
    if (n <= 0 || static_cast<size_t>(n) == target.size()) continue;  // closed since listed, or too long
    uint64_t inode = parse_socket_link(std::string_view(target.data(), static_cast<size_t>(n)));
    if (inode == 0) continue;
    if (options.wanted != nullptr && !options.wanted->contains(inode)) continue;
    auto fd = decimal_name(entry->d_name);
    if (!fd) continue;
    state.holdings.push_back(Holding{inode, *fd, process});
  }

  // Most processes hold no socket; comm is read only for those that do.
  if (state.holdings.size() > first) {
    auto comm = read_comm(root_fd, pid_name);
    if (!comm) {
      state.holdings.resize(first);
      return false;
    }
    state.processes.push_back(Holder{pid, std::move(*comm)});
  }
  return true;
}

ProcessIndex build_index(ScanState& state) {
  std::vector<ProcessIndex::Holding> holdings;
  holdings.reserve(state.holdings.size());
  for (const Holding& holding : state.holdings) {
    const Holder& holder = state.processes[holding.process];
    holdings.push_back({holding.inode, ProcessRef{holder.pid, holder.comm, holding.fd}});
  }
  ProcessIndex index(std::move(holdings));
  index.processes_scanned = state.scanned;
  index.processes_unreadable = state.unreadable;
  return index;
}

}  // namespace

Result<ProcessIndex> try_scan_processes(const std::filesystem::path& proc_root, const ScanOptions& options) {
  auto root = open_dir_at(AT_FDCWD, proc_root.c_str());
  if (!root) return Error::from_errno("open " + proc_root.string(), root.error().err);
  const int root_fd = ::dirfd(root->get());

  ScanState state;
  for (;;) {
    errno = 0;
    const dirent* entry = ::readdir(root->get());
    if (entry == nullptr) {
      if (errno != 0) return Error::from_errno("list " + proc_root.string(), errno);
      break;
    }
    // Only thread-group leaders are listed in /proc, so threads are not
    // scanned again; non-numeric entries ("self", "net", "sys") are skipped.
    auto pid = decimal_name(entry->d_name);
    if (!pid) continue;
    if (scan_process(root_fd, entry->d_name, *pid, options, state))
      ++state.scanned;
    else
      ++state.unreadable;
  }
  return build_index(state);
}

ProcessIndex scan_processes(const std::filesystem::path& proc_root, const ScanOptions& options) {
  auto index = try_scan_processes(proc_root, options);
  if (!index) return ProcessIndex{};
  return std::move(*index);
}

ProcessIndex scan_processes(const std::filesystem::path& proc_root) { return scan_processes(proc_root, ScanOptions{}); }

}  // namespace sockscope

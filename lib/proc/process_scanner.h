// Socket inode -> owning processes, by scanning /proc/*/fd.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <unordered_set>

#include "model/process.h"
#include "util/result.h"

namespace sockscope {

// Pure: "socket:[12345]" -> 12345; anything else -> 0.
uint64_t parse_socket_link(std::string_view link_target);

struct ScanOptions {
  // When set, only these inodes are recorded: a caller that already holds
  // the socket list need not index every other socket on the host.
  const std::unordered_set<uint64_t>* wanted = nullptr;
};

// Scans every process under proc_root. Unreadable processes (no privilege,
// exited mid-scan) are counted, never an error. processes_scanned counts the
// processes whose fds were listed; scanned + unreadable = processes seen.
ProcessIndex scan_processes(const std::filesystem::path& proc_root = "/proc");
ProcessIndex scan_processes(const std::filesystem::path& proc_root, const ScanOptions& options);

// As scan_processes, but an Error when proc_root itself cannot be listed
// (procfs not mounted), which the plain form reports as an empty index.
Result<ProcessIndex> try_scan_processes(const std::filesystem::path& proc_root, const ScanOptions& options = {});

}  // namespace sockscope

// Socket inode -> owning processes, by scanning /proc/*/fd.
#pragma once

#include <filesystem>

#include "model/process.h"

namespace sockscope {

// Pure: "socket:[12345]" -> 12345; anything else -> 0.
uint64_t parse_socket_link(std::string_view link_target);

// Scans every process under proc_root. Unreadable processes (no privilege,
// exited mid-scan) are counted, never an error.
ProcessIndex scan_processes(const std::filesystem::path& proc_root = "/proc");

}  // namespace sockscope

// Reads the TCP sysctls under /proc/sys. Pure parsers plus one reader that
// takes the proc root, so tests can point it at fixture trees.
#pragma once

#include <filesystem>
#include <string_view>

#include "model/system_view.h"
#include "util/result.h"

namespace sockscope {

Result<Triple> parse_triple(std::string_view text);         // "4096 131072 6291456\n"
Result<int64_t> parse_integer(std::string_view text);       // "4096\n"
Result<PortRange> parse_port_range(std::string_view text);  // "32768\t60999\n"

// Missing files leave their field empty; an unparsable file is an Error naming it.
Result<Sysctls> read_sysctls(const std::filesystem::path& proc_root = "/proc");

}  // namespace sockscope

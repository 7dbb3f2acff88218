// `ss` (iproute2), the reference listing, run in the test's namespace.
#pragma once

#include <string>
#include <vector>

#include "socket_row.h"

namespace sockscope::testing {

// Runs `ss -<proto letter>anH <extra>` ("t" or "u") and parses every row.
// With `owners`, adds -p: ss then reads every process's fd table, which is
// slow on a host with many open files, so only the owner check asks for it.
// Throws when ss fails or prints a row it cannot read.
std::vector<SocketRow> ss_rows(const std::string& proto, const std::string& extra = "", bool owners = false);

// Parses ss output (no header line); `proto` labels the rows.
std::vector<SocketRow> parse_ss(const std::string& proto, const std::string& output);

}  // namespace sockscope::testing

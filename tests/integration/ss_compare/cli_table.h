// `sockscope sockets --json --direct`, the listing under test, run in the
// test's namespace.
#pragma once

#include <string>
#include <vector>

#include "socket_row.h"

namespace sockscope::testing {

// Runs the built CLI with `sockets --json --direct <extra>` and parses the
// JSON. Throws when it fails or prints something that is not the contract.
std::vector<SocketRow> cli_rows(const std::string& extra = "");

// Parses {"sockets": [...]}.
std::vector<SocketRow> parse_cli_json(const std::string& output);

}  // namespace sockscope::testing

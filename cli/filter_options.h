// The filter flags `sockets` and `explain` share, so both read them the same
// way and say the same in --help.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "filter/socket_filter.h"

namespace sockscope::cli {

// An option kept as typed (validated later, so errors can name the value).
void add_text_option(CLI::App& cmd, const std::string& name, std::optional<std::string>& into,
                     const std::string& type, const std::string& help);

// --sport, --dport, --src, --dst, --process, -t/--tcp, -u/--udp, -4, -6.
// (--state differs: its help depends on the command.)
void add_filter_options(CLI::App& cmd, FilterArgs& filter);

}  // namespace sockscope::cli

// `sockscope sockets`: list sockets like ss, filtered and sorted.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "filter/socket_filter.h"
#include "global_options.h"

namespace sockscope::cli {

struct SocketsArgs {
  FilterArgs filter;
  std::optional<std::string> sort;
  bool no_processes = false;
};

CLI::App* add_sockets_command(CLI::App& app, SocketsArgs& args);

// Throws UsageError on a bad filter or sort key, and on --sort age with --direct.
// Asks the daemon unless --direct; polls directly when none answers.
int run_sockets(const SocketsArgs& args, const GlobalOptions& global);

}  // namespace sockscope::cli

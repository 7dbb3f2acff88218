// `sockscope watch`: the live screen (the daemon's subscribe stream, else a
// direct poll every --interval), or a plain summary per refresh when stdout
// is not a terminal.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "global_options.h"
#include "watch_options.h"

namespace sockscope::cli {

// Kept as typed and checked by parse_watch_args, so messages name the value.
struct WatchArgs {
  std::optional<std::string> interval;
  std::optional<std::string> count;
  std::optional<std::string> filter;
  std::optional<std::string> sort;
  bool no_color = false;
};

CLI::App* add_watch_command(CLI::App& app, WatchArgs& args);

// Throws UsageError naming the bad value. `no_color_env` is $NO_COLOR.
WatchOptions parse_watch_args(const WatchArgs& args, const char* no_color_env);

// Exit 0 after q, SIGINT, SIGTERM or --count refreshes; 1 when neither the
// daemon nor a direct poll can be had, or direct polls keep failing.
int run_watch(const WatchArgs& args, const GlobalOptions& global);

}  // namespace sockscope::cli

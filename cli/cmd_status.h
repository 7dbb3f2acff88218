// `sockscope status`: the one-screen summary of sockets, queues, memory and limits.
#pragma once

#include <CLI/CLI.hpp>

#include "collect/poll.h"
#include "global_options.h"
#include "model/snapshot.h"

namespace sockscope::cli {

CLI::App* add_status_command(CLI::App& app);
int run_status(const GlobalOptions& global);

// What the summary needs: every socket's state and queues and the system
// figures; no tcp_info, no skmeminfo, no process owners.
PollOptions summary_poll_options();

}  // namespace sockscope::cli

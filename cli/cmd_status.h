// `sockscope status`: the one-screen summary of sockets, queues, memory and limits.
#pragma once

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "collect/poll.h"
#include "global_options.h"
#include "model/snapshot.h"

namespace sockscope::cli {

CLI::App* add_status_command(CLI::App& app);
int run_status(const GlobalOptions& global);

// What the summary needs: every socket's state and queues and the system
// figures; no tcp_info, no skmeminfo, no process owners.
PollOptions summary_poll_options();

// "Daemon: up 1h2m, 3720 polls every 1 s, last poll 0.8 ms ..." from a daemon
// status result; nothing when it has no "daemon" object (a direct poll).
void append_daemon_line(fmt::memory_buffer& out, const nlohmann::ordered_json& status);

}  // namespace sockscope::cli

// Where a command gets its Snapshot. Commands call only this, so a daemon
// client can later answer the same request from the daemon's latest poll.
#pragma once

#include "collect/poll.h"
#include "global_options.h"
#include "model/snapshot.h"
#include "util/result.h"

namespace sockscope::cli {

// `poll` says what the command needs (protocols, states, tcp_info, process
// owners, system figures); a source may give more, never less.
Result<Snapshot> get_snapshot(const GlobalOptions& global, const PollOptions& poll);

}  // namespace sockscope::cli

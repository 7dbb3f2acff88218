// Where a command gets a Snapshot of its own: a direct poll in this process.
// Commands ask the daemon first (daemon_query.h) and come here with --direct
// or when no daemon answers.
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

// Where `status` and the triage report get their figures: the daemon's latest
// poll when it answers, else a direct poll (after one notice on stderr).
#pragma once

#include <nlohmann/json.hpp>

#include "global_options.h"
#include "render/status_summary.h"
#include "util/result.h"

namespace sockscope::cli {

struct StatusData {
  StatusSummary summary;
  // The daemon's status result as it sent it (with its "daemon" object);
  // null when the figures come from a direct poll.
  nlohmann::ordered_json from_daemon;
};

// The daemon's answer only; an Error when it does not answer usably.
Result<StatusData> status_from_daemon(const GlobalOptions& global);

// An Error only when the direct poll fails.
Result<StatusData> get_status(const GlobalOptions& global);

}  // namespace sockscope::cli

// `sockscope status --json`. Small and fixed-size, so a DOM is fine here.
#pragma once

#include <nlohmann/json.hpp>

#include "render/status_summary.h"

namespace sockscope {

// {"taken_at_ms", "poll_ms", "counts": {"tcp": {"ESTABLISHED": N, ...}, "udp": {"CLOSE": N,
//  "ESTABLISHED": N}}, "totals", "queues", "sockstat", "tcp_mem", "tcp_rmem", "tcp_wmem",
//  "limits", "dump"}. A figure that could not be read is null.
nlohmann::ordered_json status_to_json(const StatusSummary& summary);

}  // namespace sockscope

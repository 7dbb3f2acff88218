// The `history` text: one sparkline per TCP state over the daemon's entries.
#pragma once

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/result.h"

namespace sockscope::cli {

// Columns of the chart: entries are bucketed to fit.
inline constexpr size_t kChartWidth = 60;

// `history` is the daemon's history result ({"interval_s", "capacity", "entries": [...]}).
// An Error when it is not shaped like one.
Result<void> render_history_chart(fmt::memory_buffer& out, const nlohmann::json& history);

}  // namespace sockscope::cli

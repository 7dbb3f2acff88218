// `sockscope status` as text: one screen.
#pragma once

#include <fmt/format.h>

#include "render/status_summary.h"

namespace sockscope {

void render_status_text(fmt::memory_buffer& out, const StatusSummary& summary);

// Plain words for a zone, e.g. "above min: pressure mode, once entered, lasts until usage falls to min".
std::string_view memory_zone_meaning(MemoryZone zone);

}  // namespace sockscope

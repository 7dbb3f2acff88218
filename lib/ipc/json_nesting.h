// A cheap scan for bracket nesting, run before a line reaches the JSON parser:
// a line of 64 KiB could otherwise nest 32,000 levels deep.
#pragma once

#include <string_view>

namespace sockscope::ipc {

// True when '[' / '{' outside JSON strings nest deeper than `max_depth`.
// Unbalanced or otherwise broken text is left for the parser to reject.
bool nesting_exceeds(std::string_view text, int max_depth);

}  // namespace sockscope::ipc

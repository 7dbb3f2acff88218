// What `sockscope watch` prints at each refresh when stdout is not a
// terminal: a plain text block, like `watch` piped to a file. Pure.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "watch/watch_frame.h"

namespace sockscope {

// The socket table's rows a block prints: the first ones, all the plain
// loop asks the source for.
inline constexpr size_t kPlainRows = 10;

// A timestamped header line, the TCP state counts with their change since
// `previous` (when given), TCP memory and sockstat against their limits,
// the findings, and the first rows of the socket table; ends with a blank
// line.
std::string plain_refresh(const WatchFrame& frame, const WatchFrame* previous, const WatchHost& host,
                          std::chrono::system_clock::time_point now);

}  // namespace sockscope

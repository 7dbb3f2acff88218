// One request/response exchange with sockscoped over its Unix socket.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "util/result.h"

namespace sockscope::cli {

// How long the daemon may stay silent (connecting, or between two reads of
// one answer) before we give up on it; a big answer may take longer in total.
inline constexpr std::chrono::milliseconds kDaemonTimeout{2000};

// Connects to `path`, writes `request` (one line, '\n' included) and returns
// the first response line without its '\n'. The Error's message is the reason
// alone ("No such file or directory", "timed out after 2 s"), for the caller
// to put after the path.
Result<std::string> exchange_line(const std::string& path, std::string_view request,
                                  std::chrono::milliseconds timeout = kDaemonTimeout);

}  // namespace sockscope::cli

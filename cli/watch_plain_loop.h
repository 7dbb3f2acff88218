// `watch` when stdout is not a terminal: a plain text block per new frame,
// flushed at once, like `watch` piped to a file.
#pragma once

#include "watch/watch_frame.h"
#include "watch_options.h"
#include "watch_source.h"

namespace sockscope::cli {

// Until --count frames, SIGINT or SIGTERM (exit 0). A source error is one
// line on stderr and watching goes on, except that direct polls failing
// three times in a row end it (exit 1).
int run_watch_plain(WatchSource& source, const WatchOptions& options, const WatchHost& host, bool direct);

}  // namespace sockscope::cli

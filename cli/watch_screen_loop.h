// `watch` on a terminal: one poll() over the source, the keyboard, a
// signalfd (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH) and a 1 s timer that only
// repaints so the header's "polled N ago" keeps counting. Nothing spins.
#pragma once

#include "watch/watch_frame.h"
#include "watch_options.h"
#include "watch_source.h"

namespace sockscope::cli {

// Exit 0 after q, a stop signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) or --count
// frames, with the terminal restored; 1 when the terminal cannot be driven.
int run_watch_screen(WatchSource& source, const WatchOptions& options, const WatchHost& host);

}  // namespace sockscope::cli

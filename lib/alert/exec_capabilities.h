// What a program this process executes inherits of its capabilities.
//
// Ambient capabilities (systemd's AmbientCapabilities=, setpriv
// --ambient-caps) survive execve(2): every program a non-root process with
// them starts gets them in its permitted and effective sets. The inheritable
// set survives execve(2) too, and hands its capabilities to any program
// whose file capabilities name them. The daemon needs its capabilities for
// itself only, never in the hooks it starts.
#pragma once

#include "util/result.h"

namespace sockscope::alert {

// Empties the calling thread's ambient and inheritable sets and leaves its
// permitted and effective sets as they are. Afterwards a program it executes
// as a non-root user gets no capabilities from it (a setuid or
// file-capability program still gets its own; a program executed as root
// gets the bounding set, by the execve rules for root). Needs no privilege.
// Capabilities belong to each thread and a new thread copies its creator's,
// so call it before any thread is started. A kernel before Linux 4.3 has no
// ambient set, so there is nothing to clear there.
Result<void> clear_ambient_and_inheritable_capabilities();

}  // namespace sockscope::alert

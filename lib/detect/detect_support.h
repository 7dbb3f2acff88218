// Small pieces every detector needs: who owns a socket, how long it has been
// in its state, a percentage, and the cookie list a finding carries.
#pragma once

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "detect/detector.h"

namespace sockscope {

// The processes holding a socket (empty: unknown or none, e.g. TIME_WAIT).
std::span<const ProcessRef> owners_of(const Snapshot& snapshot, const SocketRecord& socket);

// "pid 1234 (nginx)"; several holders: "pid 10 (nginx) and 3 more".
std::string process_subject(std::span<const ProcessRef> owners);

// Seconds the socket has been in its current state as the tracker saw it;
// empty without a tracker or for a socket the tracker does not know.
std::optional<double> state_age_s(const DetectorInput& input, const SocketRecord& socket);

// Seconds since the socket's state or queues last changed; empty as above.
std::optional<double> unchanged_s(const DetectorInput& input, const SocketRecord& socket);

// 100 * part / whole; 0 when whole is not positive.
double percent_of(double part, double whole);

// An age for a summary: "4.5s" under 10 s, then "47s", "47m", "3h", "5d"
// (whole units, rounded down, so an age never reads older than it is).
std::string age_text(double seconds);

// Sorts, removes repeats and keeps at most kMaxNamedSockets.
void finish_socket_list(std::vector<uint64_t>& cookies);

}  // namespace sockscope

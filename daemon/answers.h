// Answers to requests, built from the poller's state. Pure functions of what
// they are given, so each can be checked without sockets or a loop.
#pragma once

#include <chrono>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "ipc/protocol.h"
#include "poller.h"

namespace sockscope::daemon {

// What the daemon knows about itself, for the "daemon" object of status.
struct DaemonFigures {
  std::chrono::nanoseconds uptime{0};
  PollFigures polls;
  size_t clients = 0;
  double interval_s = 0;
};

struct AnswerContext {
  const Poller& poller;
  DaemonFigures figures;
  MonoClock::time_point now;
  std::chrono::system_clock::time_point wall_now;
};

// One response line (newline included) for a request; errors go through
// encode_error. Subscribe gets its acknowledgement; the caller marks the
// client as a subscriber.
std::string answer_request(const ipc::Request& request, const AnswerContext& context);

// `sockscope status --json` of a snapshot plus the "daemon" object.
nlohmann::ordered_json status_result(const StatusSummary& summary, const DaemonFigures& figures);

// The sockets listing, already encoded as one response line.
std::string answer_sockets(const ipc::Request& request, const Snapshot& snapshot, const Poller& poller,
                           MonoClock::time_point now);

// History entries, oldest first, as far back as the request asks.
nlohmann::ordered_json history_result(const History& history, std::optional<double> seconds,
                                      std::chrono::system_clock::time_point now, double interval_s);

}  // namespace sockscope::daemon

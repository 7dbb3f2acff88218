// Answers to requests, built from the poller's state. Pure functions of what
// they are given, so each can be checked without sockets or a loop.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>

#include "ipc/protocol.h"
#include "monitor/poller.h"

namespace sockscope::daemon {

// How the hook commands have gone since the daemon started.
struct HookFigures {
  uint64_t started = 0;
  uint64_t failed = 0;     // exited non-zero, died of a signal, or could not start
  uint64_t timed_out = 0;  // killed at their timeout (also counted as failed)
  uint64_t dropped = 0;    // events that found the queue full
  uint64_t rate_limited = 0;  // runs skipped because the finding flapped
  size_t running = 0;
  size_t queued = 0;
};

// What the daemon knows about itself, for the "daemon" object of status
// and the daemon's own health metrics.
struct DaemonFigures {
  std::chrono::nanoseconds uptime{0};
  PollFigures polls;
  size_t clients = 0;
  double interval_s = 0;
  HookFigures hooks;
  // Since the last good poll started, on the steady clock: a step of the
  // wall clock cannot make old data look fresh. Unset before the first.
  std::optional<std::chrono::nanoseconds> since_good_poll;
};

struct AnswerContext {
  const Poller& poller;
  DaemonFigures figures;
  MonoClock::time_point now;
  std::chrono::system_clock::time_point wall_now;
};

// The rest of a response too large to build at once (100,000 sockets with
// tcp_info are about 200 MB of JSON), produced a piece at a time as the
// client's socket drains.
class AnswerStream {
 public:
  static constexpr size_t kPieceBytes = 256 * 1024;
  virtual ~AnswerStream() = default;
  // Appends the next piece (about kPieceBytes) to `out`; false once the
  // last piece, newline included, has been appended.
  virtual bool next(std::string& out) = 0;
};

// One response line: `head` now and, for large answers, the rest from `rest`.
struct Answer {
  std::string head;
  std::unique_ptr<AnswerStream> rest;  // null when `head` is the whole line
};

// The response to a request; errors go through encode_error. Subscribe gets
// its acknowledgement; the caller marks the client as a subscriber.
Answer answer_request(const ipc::Request& request, const AnswerContext& context);

// `sockscope status --json` of a snapshot plus the "daemon" object.
nlohmann::ordered_json status_result(const StatusSummary& summary, const DaemonFigures& figures);

// The sockets listing: the head of the line now, the sockets streamed. The
// stream keeps the snapshot alive until it is done.
Answer answer_sockets(const ipc::Request& request, std::shared_ptr<const Snapshot> snapshot, const Poller& poller,
                      MonoClock::time_point now);

// The current findings, worst first: {"findings": [...]}.
Answer answer_findings(const ipc::Request& request, const Poller& poller);

// One socket explained ({"explanation": {...}, "text": "..."}, the text as
// the CLI prints it), a state in general, or the
// first matches when several sockets fit ({"explanation": null, "count", "sockets"}).
Answer answer_explain(const ipc::Request& request, const Snapshot& snapshot, const Poller& poller,
                      MonoClock::time_point now);

// History entries, oldest first, as far back as the request asks.
nlohmann::ordered_json history_result(const History& history, std::optional<double> seconds,
                                      std::chrono::system_clock::time_point now, double interval_s);

}  // namespace sockscope::daemon

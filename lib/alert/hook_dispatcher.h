// HookDispatcher: which hooks run for one poll's findings. Pure: the
// daemon's HookRunner starts the runs it returns.
//
// A hook runs for
// - a raise it matches (alert/hook_match.h), as the rate limiter allows;
// - an escalation: a finding already raised whose severity rose from below
//   the hook's min_severity to it or above, when the hook has no raise of
//   it open. The finding book raises a finding once and then changes its
//   severity in place, so without this a hook waiting for critical would
//   never hear of a warning that became critical. It goes out as a raise,
//   carrying the severity the finding has now, and its clear follows;
// - a clear: for a hook that takes raises, only the clear of a raise it ran
//   for; for a hook on "cleared" alone, any clear it matches, as the rate
//   limiter allows. A hook on "raised" alone runs for no clear, but the
//   rate limiter is told of it;
// - a raise the rate limiter held back, once its interval is over, if the
//   finding is still raised and the hook still takes it.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "alert/hook_event.h"
#include "alert/rate_limiter.h"
#include "config/config.h"
#include "detect/finding_book.h"

namespace sockscope::alert {

struct DispatchedRun {
  size_t hook;  // index into the configured hooks
  HookEventType type;
  Finding finding;
};

struct HeldBackRun {
  size_t hook;
  HookEventType type;
  std::string finding_id;
};

struct PollDispatch {
  std::vector<DispatchedRun> runs;      // in the order to start them
  std::vector<HeldBackRun> held_back;  // skipped by the flapping guard
};

class HookDispatcher {
 public:
  using Clock = HookRateLimiter::Clock;

  HookDispatcher(std::vector<HookConfig> hooks, std::chrono::nanoseconds min_interval);

  // A new configuration. What the rate limiter knew of a hook that is still
  // configured (the first unused old hook equal to it) is kept. Returns the
  // old index of each new hook, nothing for a hook that is new.
  std::vector<std::optional<size_t>> configure(std::vector<HookConfig> hooks, std::chrono::nanoseconds min_interval);

  // One successful poll: its raised and cleared findings, and every finding
  // raised now. Called for every poll, with or without hooks, so that
  // escalations are measured against the previous poll.
  PollDispatch on_poll(const std::vector<FindingEvent>& events, const std::vector<Finding>& active,
                       Clock::time_point now);

  // A run on_poll returned was dropped, not started (the queue was full).
  // A dropped raise is forgotten: the hook gets no clear for it. A dropped
  // clear leaves the hook believing the finding is still raised.
  void dropped(size_t hook, HookEventType type, const std::string& finding_id);

  const std::vector<HookConfig>& hooks() const { return hooks_; }
  // (hook, finding) pairs the rate limiter remembers.
  size_t tracked() const { return limiter_.tracked(); }

 private:
  void raise(size_t hook, const Finding& finding, Clock::time_point now, PollDispatch& out);
  void clear(size_t hook, const Finding& finding, Clock::time_point now, PollDispatch& out);

  std::vector<HookConfig> hooks_;
  HookRateLimiter limiter_;
  std::map<std::string, Severity> severity_before_;  // each active finding's severity at the last poll
};

}  // namespace sockscope::alert

// HookRateLimiter: a finding that flaps cannot start a storm of hook runs.
//
// Per hook and finding id:
// - a raise runs at most once per min_interval; a raise that comes sooner is
//   held back, and delivered by due_raises() once the interval has passed
//   if the finding is still raised then, so a hook is never left believing
//   a finding is clear when it is not;
// - for a hook that takes raises, a clear runs exactly when the hook took
//   the matching raise: every delivered raise gets its clear (never rate
//   limited), and a clear whose raise was held back is not sent (it also
//   cancels the held raise: the hook's view is right again);
// - for a hook on "cleared" alone, a clear runs at most once per min_interval.
// So a hook sees raise, clear, raise, clear... for each finding, never two
// raises or two clears in a row, and at most two runs per interval.
// A hook on "raised" alone is told of no clear, but the limiter must still
// learn of it (note_clear): otherwise the raise would stay open for good,
// its entry would never be forgotten, and a later raise would be neither run
// nor held.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "alert/hook_event.h"

namespace sockscope::alert {

class HookRateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  struct HeldRaise {
    size_t hook;
    std::string finding_id;
  };

  explicit HookRateLimiter(std::chrono::nanoseconds min_interval = {}) : min_interval_(min_interval) {}
  void set_min_interval(std::chrono::nanoseconds min_interval) { min_interval_ = min_interval; }

  // Whether hook number `hook` runs for a Raised or Cleared event of
  // `finding_id` at `now`; records the run when it does. `takes_raises`:
  // the hook is `on` "raised".
  bool admit(size_t hook, bool takes_raises, HookEventType type, const std::string& finding_id, Clock::time_point now);

  // The finding cleared and the hook, which takes no clears, is not told:
  // its raise is no longer open, and a held raise is cancelled.
  void note_clear(size_t hook, const std::string& finding_id);

  // A raise admit() let through never ran (the queue was full): forgotten,
  // as if it had not been admitted, so no clear follows it either.
  void retract(size_t hook, const std::string& finding_id);

  // The hook ran for a raise of the finding and not yet for its clear.
  bool raise_open(size_t hook, const std::string& finding_id) const;
  // A raise of the finding came too soon and waits for due_raises.
  bool raise_held(size_t hook, const std::string& finding_id) const;

  // Held raises whose interval has passed, no longer held; the caller runs
  // those whose finding is still raised through admit() again. Also forgets
  // what no longer matters, so memory stays bounded by the raised findings.
  std::vector<HeldRaise> due_raises(Clock::time_point now);

  // After a reload: old_of_new[i] is the old number of new hook i, or
  // nothing for a hook that is new. What was kept for removed hooks goes.
  void renumber(std::span<const std::optional<size_t>> old_of_new);

  size_t tracked() const { return states_.size(); }

 private:
  struct State {
    std::optional<Clock::time_point> last_raise;
    std::optional<Clock::time_point> raise_before;  // last_raise before the latest raise, for retract
    std::optional<Clock::time_point> last_clear;
    bool open = false;  // the hook ran for a raise and not yet for its clear
    bool held = false;  // a raise came too soon and waits for due_raises
  };
  const State* find(size_t hook, const std::string& finding_id) const;
  bool elapsed(const std::optional<Clock::time_point>& last, Clock::time_point now) const {
    return !last || now - *last >= min_interval_;
  }

  std::chrono::nanoseconds min_interval_;
  std::map<std::pair<size_t, std::string>, State> states_;
};

}  // namespace sockscope::alert

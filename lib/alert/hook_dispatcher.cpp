#include "alert/hook_dispatcher.h"

#include <algorithm>
#include <utility>

#include "alert/hook_match.h"

namespace sockscope::alert {

namespace {

// The old place of each new hook: the first unused old hook equal to it.
std::vector<std::optional<size_t>> old_places(const std::vector<HookConfig>& old_hooks,
                                              const std::vector<HookConfig>& new_hooks) {
  std::vector<bool> used(old_hooks.size(), false);
  std::vector<std::optional<size_t>> places(new_hooks.size());
  for (size_t i = 0; i < new_hooks.size(); ++i) {
    for (size_t j = 0; j < old_hooks.size(); ++j) {
      if (!used[j] && old_hooks[j] == new_hooks[i]) {
        used[j] = true;
        places[i] = j;
        break;
      }
    }
  }
  return places;
}

}  // namespace

HookDispatcher::HookDispatcher(std::vector<HookConfig> hooks, std::chrono::nanoseconds min_interval)
    : hooks_(std::move(hooks)), limiter_(min_interval) {}

std::vector<std::optional<size_t>> HookDispatcher::configure(std::vector<HookConfig> hooks,
                                                             std::chrono::nanoseconds min_interval) {
  std::vector<std::optional<size_t>> places = old_places(hooks_, hooks);
  limiter_.renumber(places);
  limiter_.set_min_interval(min_interval);
  hooks_ = std::move(hooks);
  return places;
}

PollDispatch HookDispatcher::on_poll(const std::vector<FindingEvent>& events, const std::vector<Finding>& active,
                                     Clock::time_point now) {
  PollDispatch out;
  for (const FindingEvent& event : events) {
    for (size_t i = 0; i < hooks_.size(); ++i) {
      if (event.type == FindingEvent::Type::Raised) {
        if (hook_matches(hooks_[i], HookEventType::Raised, event.finding)) raise(i, event.finding, now, out);
      } else {
        clear(i, event.finding, now, out);
      }
    }
  }

  for (const Finding& finding : active) {
    auto before = severity_before_.find(finding.id);
    // A finding new in this poll had its raise above.
    if (before == severity_before_.end() || finding.severity <= before->second) continue;
    for (size_t i = 0; i < hooks_.size(); ++i) {
      const HookConfig& hook = hooks_[i];
      if (before->second >= hook.min_severity) continue;  // it could take the finding before
      if (!hook_matches(hook, HookEventType::Raised, finding)) continue;
      if (limiter_.raise_open(i, finding.id)) continue;
      raise(i, finding, now, out);
    }
  }

  // Raises held back earlier whose finding is still raised now that the interval is over.
  for (const HookRateLimiter::HeldRaise& held : limiter_.due_raises(now)) {
    if (held.hook >= hooks_.size()) continue;
    auto finding = std::find_if(active.begin(), active.end(), [&](const Finding& f) { return f.id == held.finding_id; });
    if (finding == active.end()) continue;
    if (!hook_matches(hooks_[held.hook], HookEventType::Raised, *finding)) continue;
    if (limiter_.admit(held.hook, hooks_[held.hook].on_raised, HookEventType::Raised, finding->id, now)) {
      out.runs.push_back({held.hook, HookEventType::Raised, *finding});
    }
  }

  severity_before_.clear();
  for (const Finding& finding : active) severity_before_[finding.id] = finding.severity;
  return out;
}

void HookDispatcher::raise(size_t hook, const Finding& finding, Clock::time_point now, PollDispatch& out) {
  if (limiter_.admit(hook, /*takes_raises=*/true, HookEventType::Raised, finding.id, now)) {
    out.runs.push_back({hook, HookEventType::Raised, finding});
  } else {
    out.held_back.push_back({hook, HookEventType::Raised, finding.id});
  }
}

void HookDispatcher::clear(size_t hook, const Finding& finding, Clock::time_point now, PollDispatch& out) {
  const HookConfig& config = hooks_[hook];
  if (!config.on_raised) {
    if (!hook_matches(config, HookEventType::Cleared, finding)) return;
    if (limiter_.admit(hook, /*takes_raises=*/false, HookEventType::Cleared, finding.id, now)) {
      out.runs.push_back({hook, HookEventType::Cleared, finding});
    } else {
      out.held_back.push_back({hook, HookEventType::Cleared, finding.id});
    }
    return;
  }
  // A hook that takes raises hears only the clear of a raise it ran for.
  if (!limiter_.raise_open(hook, finding.id) && !limiter_.raise_held(hook, finding.id)) return;
  if (!config.on_cleared) {
    limiter_.note_clear(hook, finding.id);
  } else if (limiter_.admit(hook, /*takes_raises=*/true, HookEventType::Cleared, finding.id, now)) {
    out.runs.push_back({hook, HookEventType::Cleared, finding});
  } else {
    out.held_back.push_back({hook, HookEventType::Cleared, finding.id});  // its raise was held back
  }
}

void HookDispatcher::dropped(size_t hook, HookEventType type, const std::string& finding_id) {
  if (type == HookEventType::Raised) limiter_.retract(hook, finding_id);
}

}  // namespace sockscope::alert

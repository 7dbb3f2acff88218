#include "alert/rate_limiter.h"

namespace sockscope::alert {

bool HookRateLimiter::admit(size_t hook, bool takes_raises, HookEventType type, const std::string& finding_id,
                            Clock::time_point now) {
  State& state = states_[{hook, finding_id}];
  if (type == HookEventType::Raised) {
    if (elapsed(state.last_raise, now)) {
      state.raise_before = state.last_raise;
      state.last_raise = now;
      state.open = true;
      state.held = false;
      return true;
    }
    if (!state.open) state.held = true;
    return false;
  }
  if (type != HookEventType::Cleared) return true;  // test events are never limited
  if (takes_raises) {
    state.held = false;
    if (!state.open) return false;
    state.open = false;
    state.last_clear = now;
    return true;
  }
  if (!elapsed(state.last_clear, now)) return false;
  state.last_clear = now;
  return true;
}

void HookRateLimiter::note_clear(size_t hook, const std::string& finding_id) {
  auto it = states_.find({hook, finding_id});
  if (it == states_.end()) return;
  it->second.open = false;
  it->second.held = false;
}

void HookRateLimiter::retract(size_t hook, const std::string& finding_id) {
  auto it = states_.find({hook, finding_id});
  if (it == states_.end() || !it->second.open) return;
  it->second.open = false;
  it->second.last_raise = it->second.raise_before;
}

const HookRateLimiter::State* HookRateLimiter::find(size_t hook, const std::string& finding_id) const {
  auto it = states_.find({hook, finding_id});
  return it == states_.end() ? nullptr : &it->second;
}

bool HookRateLimiter::raise_open(size_t hook, const std::string& finding_id) const {
  const State* state = find(hook, finding_id);
  return state != nullptr && state->open;
}

bool HookRateLimiter::raise_held(size_t hook, const std::string& finding_id) const {
  const State* state = find(hook, finding_id);
  return state != nullptr && state->held;
}

std::vector<HookRateLimiter::HeldRaise> HookRateLimiter::due_raises(Clock::time_point now) {
  std::vector<HeldRaise> due;
  for (auto it = states_.begin(); it != states_.end();) {
    State& state = it->second;
    if (state.held && elapsed(state.last_raise, now)) {
      state.held = false;
      due.push_back({it->first.first, it->first.second});
    }
    // Nothing to remember: no raise waiting for its clear or held back, and
    // both intervals over, so a new event would be admitted anyway.
    const bool idle = !state.open && !state.held && elapsed(state.last_raise, now) && elapsed(state.last_clear, now);
    it = idle ? states_.erase(it) : std::next(it);
  }
  return due;
}

void HookRateLimiter::renumber(std::span<const std::optional<size_t>> old_of_new) {
  std::map<std::pair<size_t, std::string>, State> renumbered;
  for (size_t i = 0; i < old_of_new.size(); ++i) {
    if (!old_of_new[i]) continue;
    for (auto it = states_.lower_bound({*old_of_new[i], std::string()});
         it != states_.end() && it->first.first == *old_of_new[i]; ++it) {
      renumbered.emplace(std::pair{i, it->first.second}, it->second);
    }
  }
  states_ = std::move(renumbered);
}

}  // namespace sockscope::alert

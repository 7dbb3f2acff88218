#include "hook_runner.h"

#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <optional>

#include "alert/command_text.h"
#include "alert/hook_match.h"

namespace sockscope::daemon {

namespace {

std::chrono::nanoseconds seconds_to_ns(double seconds) {
  return std::chrono::nanoseconds(static_cast<int64_t>(std::llround(seconds * 1e9)));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

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

alert::HookEventType event_type(FindingEvent::Type type) {
  return type == FindingEvent::Type::Raised ? alert::HookEventType::Raised : alert::HookEventType::Cleared;
}

}  // namespace

Result<HookRunner> HookRunner::create(Logger& log, const DaemonConfig& config) {
  UniqueFd timer(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
  if (!timer.valid()) return Error::from_errno("timerfd_create for hook timeouts", errno);
  return HookRunner(log, std::move(timer), config);
}

HookRunner::HookRunner(Logger& log, UniqueFd timer, const DaemonConfig& config)
    : log_(&log),
      timer_(std::move(timer)),
      hooks_(config.hooks),
      limits_(config.hook_runner),
      limiter_(seconds_to_ns(config.hook_runner.min_interval_s)),
      inherited_(alert::inherited_environment()) {}

HookRunner::~HookRunner() {
  if (loop_ == nullptr) return;
  loop_->remove(timer_.get());
  for (auto& [id, run] : running_) {
    loop_->remove(run.process.pidfd());
    if (run.process.stdin_fd() >= 0) loop_->remove(run.process.stdin_fd());
  }
  // ~HookProcess kills each group and reaps it
}

Result<void> HookRunner::start(EventLoop& loop) {
  loop_ = &loop;
  return loop.add(timer_.get(), EPOLLIN, [this](uint32_t) { on_timer(); });
}

void HookRunner::apply(const DaemonConfig& config) {
  limiter_.renumber(old_places(hooks_, config.hooks));
  limiter_.set_min_interval(seconds_to_ns(config.hook_runner.min_interval_s));
  hooks_ = config.hooks;
  limits_ = config.hook_runner;
  // A smaller queue keeps its oldest runs.
  uint64_t dropped = 0;
  while (queue_.size() > static_cast<size_t>(limits_.queue_limit)) {
    queue_.pop_back();
    ++dropped;
  }
  if (dropped > 0) {
    figures_.dropped += dropped;
    log_->warning("hooks: {} queued runs dropped: the queue limit is now {}", dropped, limits_.queue_limit);
  }
  start_queued();  // max_running may have grown
}

void HookRunner::on_poll(const std::vector<FindingEvent>& events, const std::vector<Finding>& active,
                         std::chrono::system_clock::time_point now) {
  if (hooks_.empty()) return;
  const Clock::time_point mono = Clock::now();
  const std::string host = events.empty() ? std::string() : alert::host_name();
  dropped_this_poll_ = 0;
  for (const FindingEvent& event : events) {
    const alert::HookEventType type = event_type(event.type);
    for (size_t i = 0; i < hooks_.size(); ++i) {
      if (!alert::hook_matches(hooks_[i], type, event.finding)) continue;
      if (!limiter_.admit(i, hooks_[i].on_raised, type, event.finding.id, mono)) {
        ++figures_.rate_limited;
        log_->debug("hook {}: {} {} held back (hook_runner.min_interval_s = {})", i + 1,
                    alert::hook_event_name(type), event.finding.id, limits_.min_interval_s);
        continue;
      }
      submit(Job{i + 1, hooks_[i], alert::HookEvent{type, event.finding, host, now}});
    }
  }
  // Raises held back earlier whose finding is still raised now that the interval is over.
  for (const alert::HookRateLimiter::HeldRaise& held : limiter_.due_raises(mono)) {
    if (held.hook >= hooks_.size()) continue;
    auto finding = std::find_if(active.begin(), active.end(), [&](const Finding& f) { return f.id == held.finding_id; });
    if (finding == active.end()) continue;
    const HookConfig& hook = hooks_[held.hook];
    if (!alert::hook_matches(hook, alert::HookEventType::Raised, *finding)) continue;
    if (!limiter_.admit(held.hook, hook.on_raised, alert::HookEventType::Raised, finding->id, mono)) continue;
    submit(Job{held.hook + 1, hook, alert::HookEvent{alert::HookEventType::Raised, *finding, alert::host_name(), now}});
  }
  if (dropped_this_poll_ > 0) {
    log_->warning("hooks: {} runs dropped, the queue is full ({} running, {} queued; {} dropped since start)",
                  dropped_this_poll_, running_.size(), queue_.size(), figures_.dropped);
  }
}

void HookRunner::submit(Job job) {
  if (running_.size() < static_cast<size_t>(limits_.max_running)) {
    start_run(std::move(job));
  } else if (queue_.size() < static_cast<size_t>(limits_.queue_limit)) {
    queue_.push_back(std::move(job));
  } else {
    ++figures_.dropped;
    ++dropped_this_poll_;
  }
}

void HookRunner::start_queued() {
  while (!queue_.empty() && running_.size() < static_cast<size_t>(limits_.max_running)) {
    Job job = std::move(queue_.front());
    queue_.pop_front();
    start_run(std::move(job));
  }
}

void HookRunner::start_run(Job job) {
  const std::string what = std::string(alert::hook_event_name(job.event.type)) + " " + job.event.finding.id;
  auto spawned = alert::HookProcess::spawn(job.hook.command, alert::hook_environment(job.event, inherited_),
                                           alert::event_json(job.event), /*capture_stderr=*/false);
  ++figures_.started;
  if (!spawned) {
    ++figures_.failed;
    log_->warning("hook {} ({}) for {}: could not start: {}", job.number, alert::command_text(job.hook.command), what,
                  spawned.error().describe());
    return;
  }
  const uint64_t id = next_id_++;
  const Clock::time_point started = Clock::now();
  const Clock::time_point deadline = started + seconds_to_ns(job.hook.timeout_s);
  auto [it, inserted] = running_.emplace(id, Run{job.number, std::move(job.hook), what, std::move(*spawned), started,
                                                 deadline, false});
  Run& run = it->second;
  log_->debug("hook {} ({}) for {}: started, pid {}", run.number, alert::command_text(run.hook.command), what,
              run.process.pid());
  if (loop_ != nullptr) {
    auto watched = loop_->add(run.process.pidfd(), EPOLLIN, [this, id](uint32_t) { on_exit(id); });
    if (!watched) log_->error("hook {}: {}", run.number, watched.error().describe());
    if (!run.process.feed_stdin()) {
      auto feeding = loop_->add(run.process.stdin_fd(), EPOLLOUT, [this, id](uint32_t) { on_stdin(id); });
      if (!feeding) log_->error("hook {}: {}", run.number, feeding.error().describe());
    }
  }
  arm_timer();
}

void HookRunner::on_stdin(uint64_t id) {
  auto it = running_.find(id);
  if (it == running_.end()) return;
  const int fd = it->second.process.stdin_fd();
  if (it->second.process.feed_stdin()) loop_->remove(fd);  // already closed: the loop forgets the number
}

void HookRunner::on_exit(uint64_t id) {
  auto it = running_.find(id);
  if (it == running_.end()) return;
  Run& run = it->second;
  auto status = run.process.try_reap();
  if (!status) return;  // a spurious wake-up: still running
  const double took = seconds_since(run.started);
  const std::string command = alert::command_text(run.hook.command);
  if (run.terminated) {
    ++figures_.failed;
    ++figures_.timed_out;
    log_->warning("hook {} ({}) for {}: timed out after {} s, {} after {:.3f} s", run.number, command, run.what,
                  run.hook.timeout_s, alert::describe(*status), took);
  } else if (!status->success()) {
    ++figures_.failed;
    log_->warning("hook {} ({}) for {}: {} after {:.3f} s", run.number, command, run.what, alert::describe(*status),
                  took);
  } else {
    log_->info("hook {} ({}) for {}: {} after {:.3f} s", run.number, command, run.what, alert::describe(*status), took);
  }
  forget(it);
  start_queued();
  arm_timer();
}

void HookRunner::forget(std::map<uint64_t, Run>::iterator run) {
  loop_->remove(run->second.process.pidfd());
  if (run->second.process.stdin_fd() >= 0) loop_->remove(run->second.process.stdin_fd());
  running_.erase(run);
}

void HookRunner::on_timer() {
  uint64_t expirations = 0;
  (void)::read(timer_.get(), &expirations, sizeof expirations);
  const Clock::time_point now = Clock::now();
  for (auto& [id, run] : running_) {
    if (run.deadline > now) continue;
    if (!run.terminated) {
      run.terminated = true;
      run.process.terminate();
      run.deadline = now + alert::kill_grace_for(seconds_to_ns(run.hook.timeout_s));
      log_->debug("hook {} for {}: timeout of {} s reached, SIGTERM sent", run.number, run.what, run.hook.timeout_s);
    } else {
      // SIGKILL cannot be caught; sent again now and then for group members forked meanwhile
      run.process.kill();
      run.deadline = now + std::chrono::seconds(1);
    }
  }
  arm_timer();
}

void HookRunner::arm_timer() {
  itimerspec spec{};  // all zero: disarmed
  if (!running_.empty()) {
    auto next = std::min_element(running_.begin(), running_.end(), [](const auto& a, const auto& b) {
                  return a.second.deadline < b.second.deadline;
                })->second.deadline;
    // steady_clock is CLOCK_MONOTONIC on Linux, the timer's clock
    auto since_epoch = std::chrono::duration_cast<std::chrono::nanoseconds>(next.time_since_epoch()).count();
    if (since_epoch <= 0) since_epoch = 1;  // zero would disarm it
    spec.it_value.tv_sec = static_cast<time_t>(since_epoch / 1'000'000'000);
    spec.it_value.tv_nsec = static_cast<long>(since_epoch % 1'000'000'000);
  }
  if (::timerfd_settime(timer_.get(), TFD_TIMER_ABSTIME, &spec, nullptr) != 0) {
    log_->error("hooks: cannot arm the timeout timer: {}", std::strerror(errno));
  }
}

HookFigures HookRunner::figures() const {
  HookFigures figures = figures_;
  figures.running = running_.size();
  figures.queued = queue_.size();
  return figures;
}

}  // namespace sockscope::daemon

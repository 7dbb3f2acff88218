#include "hook_runner.h"

#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <optional>
#include <set>

#include "alert/command_text.h"

namespace sockscope::daemon {

namespace {

std::chrono::nanoseconds seconds_to_ns(double seconds) {
  return std::chrono::nanoseconds(static_cast<int64_t>(std::llround(seconds * 1e9)));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
      dispatcher_(config.hooks, seconds_to_ns(config.hook_runner.min_interval_s)),
      limits_(config.hook_runner),
      inherited_(alert::inherited_environment()) {
  for (size_t i = 0; i < config.hooks.size(); ++i) keys_.push_back(next_key_++);
}

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
  limits_ = config.hook_runner;
  // A smaller queue keeps its oldest runs; the dispatcher learns of the
  // others while it still numbers the hooks as they were queued.
  uint64_t dropped_now = 0;
  while (queue_.size() > static_cast<size_t>(limits_.queue_limit)) {
    Job job = std::move(queue_.back());
    queue_.pop_back();
    if (--queued_keys_[job.run_key()] == 0) queued_keys_.erase(job.run_key());
    dropped(job);
    ++dropped_now;
  }
  if (dropped_now > 0) {
    figures_.dropped += dropped_now;
    log_->warning("hooks: {} queued runs dropped: the queue limit is now {}", dropped_now, limits_.queue_limit);
  }
  const std::vector<std::optional<size_t>> old_of_new =
      dispatcher_.configure(config.hooks, seconds_to_ns(config.hook_runner.min_interval_s));
  std::vector<HookKey> keys;
  for (const std::optional<size_t>& old : old_of_new) keys.push_back(old ? keys_[*old] : next_key_++);
  keys_ = std::move(keys);
  start_queued();  // max_running may have grown
}

void HookRunner::on_poll(const std::vector<FindingEvent>& events, const std::vector<Finding>& active,
                         std::chrono::system_clock::time_point now) {
  const alert::PollDispatch dispatch = dispatcher_.on_poll(events, active, Clock::now());
  dropped_this_poll_ = 0;
  for (const alert::HeldBackRun& held : dispatch.held_back) {
    ++figures_.rate_limited;
    log_->debug("hook {}: {} {} held back (hook_runner.min_interval_s = {})", held.hook + 1,
                alert::hook_event_name(held.type), held.finding_id, limits_.min_interval_s);
  }
  const std::string host = dispatch.runs.empty() ? std::string() : alert::host_name();
  const std::vector<HookConfig>& hooks = dispatcher_.hooks();
  for (const alert::DispatchedRun& run : dispatch.runs) {
    Job job{run.hook + 1, keys_[run.hook], hooks[run.hook], alert::HookEvent{run.type, run.finding, host, now}};
    if (!submit(std::move(job))) dispatcher_.dropped(run.hook, run.type, run.finding.id);
  }
  if (dropped_this_poll_ > 0) {
    log_->warning("hooks: {} runs dropped, the queue is full ({} running, {} queued; {} dropped since start)",
                  dropped_this_poll_, running_.size(), queue_.size(), figures_.dropped);
  }
}

bool HookRunner::submit(Job job) {
  const RunKey key = job.run_key();
  // An earlier run for the same hook and finding, running or queued, goes first.
  const bool after_earlier = running(key) || queued_keys_.count(key) > 0;
  if (!after_earlier && running_.size() < static_cast<size_t>(limits_.max_running)) {
    start_run(std::move(job));
    return true;
  }
  if (queue_.size() < static_cast<size_t>(limits_.queue_limit)) {
    ++queued_keys_[key];
    queue_.push_back(std::move(job));
    return true;
  }
  ++figures_.dropped;
  ++dropped_this_poll_;
  return false;
}

void HookRunner::dropped(const Job& job) {
  auto at = std::find(keys_.begin(), keys_.end(), job.key);
  if (at == keys_.end()) return;  // the hook is gone, and what was known of it
  dispatcher_.dropped(static_cast<size_t>(at - keys_.begin()), job.event.type, job.event.finding.id);
}

bool HookRunner::running(const RunKey& key) const {
  return std::any_of(running_.begin(), running_.end(), [&](const auto& entry) { return entry.second.key == key; });
}

void HookRunner::start_queued() {
  // Oldest first, passing over a job whose hook and finding have a run
  // going, or an earlier job still waiting.
  std::set<RunKey> waiting;
  for (auto it = queue_.begin(); it != queue_.end() && running_.size() < static_cast<size_t>(limits_.max_running);) {
    RunKey key = it->run_key();
    if (waiting.count(key) > 0 || running(key)) {
      waiting.insert(std::move(key));
      ++it;
      continue;
    }
    Job job = std::move(*it);
    it = queue_.erase(it);
    if (--queued_keys_[key] == 0) queued_keys_.erase(key);
    start_run(std::move(job));
  }
}

void HookRunner::start_run(Job job) {
  const std::string what = std::string(alert::hook_event_name(job.event.type)) + " " + job.event.finding.id;
  auto spawned = alert::HookProcess::spawn(job.hook.command, alert::hook_environment(job.event, inherited_),
                                           alert::event_json(job.event), /*capture_stderr=*/false);
  if (!spawned) {
    ++figures_.failed;
    log_->warning("hook {} ({}) for {}: could not start: {}", job.number, alert::command_text(job.hook.command), what,
                  spawned.error().describe());
    // As for a run the queue dropped: a raise that never ran gets no clear.
    dropped(job);
    return;
  }
  ++figures_.started;
  const uint64_t id = next_id_++;
  const Clock::time_point started = Clock::now();
  const Clock::time_point deadline = started + seconds_to_ns(job.hook.timeout_s);
  auto [it, inserted] = running_.emplace(id, Run{job.number, job.run_key(), std::move(job.hook), what,
                                                 std::move(*spawned), started, deadline, false});
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
  // Still open if the hook exited before taking all its input (the reap leaves it).
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

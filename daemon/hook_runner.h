// HookRunner: starts the configured hook commands for raised and cleared
// findings, from the daemon's event loop and never blocking it.
//
// After each poll, on_poll() matches every finding event against the hooks
// (alert/hook_match.h), asks the rate limiter (alert/rate_limiter.h), and
// starts a run when fewer than hook_runner.max_running are running; other
// runs wait in a queue of at most hook_runner.queue_limit, and what finds it
// full is dropped, counted and logged. Each run's stdin is fed through the
// loop, its exit is learnt through its pidfd, and one timerfd carries the
// deadlines: SIGTERM to the hook's process group at its timeout_s, SIGKILL
// alert::kill_grace_for(timeout) later. Every run's outcome and duration is
// logged: info when it exited 0, warning otherwise.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "alert/hook_event.h"
#include "alert/hook_process.h"
#include "alert/rate_limiter.h"
#include "answers.h"
#include "config/config.h"
#include "detect/finding_book.h"
#include "event_loop.h"
#include "log.h"
#include "util/result.h"
#include "util/unique_fd.h"

namespace sockscope::daemon {

class HookRunner {
 public:
  // Creates the deadline timer; start() puts it in the loop.
  static Result<HookRunner> create(Logger& log, const DaemonConfig& config);

  HookRunner(HookRunner&&) = default;
  HookRunner& operator=(HookRunner&&) = delete;
  // Running hooks are killed and reaped; their fds leave the loop.
  ~HookRunner();

  // Registers the timer; call once the runner is at its final address.
  Result<void> start(EventLoop& loop);

  // A new configuration: hooks and [hook_runner]. Queued runs keep the hook
  // they were queued for; the rate limiter keeps what it knew of hooks
  // that are still configured (an unchanged hook's raise still gets its clear).
  void apply(const DaemonConfig& config);

  // One poll's raised and cleared findings, and the findings raised now
  // (for raises the rate limiter held back and now lets through).
  void on_poll(const std::vector<FindingEvent>& events, const std::vector<Finding>& active,
               std::chrono::system_clock::time_point now);

  HookFigures figures() const;

 private:
  using Clock = std::chrono::steady_clock;

  struct Job {
    size_t number;  // 1-based place in the config, for logs
    HookConfig hook;
    alert::HookEvent event;
  };
  struct Run {
    size_t number;
    HookConfig hook;
    std::string what;  // "raised close_wait_buildup:pid=42"
    alert::HookProcess process;
    Clock::time_point started;
    Clock::time_point deadline;  // SIGTERM at first, SIGKILL once terminated
    bool terminated = false;
  };

  HookRunner(Logger& log, UniqueFd timer, const DaemonConfig& config);
  void submit(Job job);
  void start_run(Job job);
  void start_queued();
  void on_exit(uint64_t id);
  void on_stdin(uint64_t id);
  void on_timer();
  void arm_timer();
  void forget(std::map<uint64_t, Run>::iterator run);

  Logger* log_;
  UniqueFd timer_;
  EventLoop* loop_ = nullptr;
  std::vector<HookConfig> hooks_;
  HookRunnerConfig limits_;
  alert::HookRateLimiter limiter_;
  alert::InheritedEnvironment inherited_;
  std::deque<Job> queue_;
  std::map<uint64_t, Run> running_;  // by run id
  uint64_t next_id_ = 1;
  HookFigures figures_;
  uint64_t dropped_this_poll_ = 0;
};

}  // namespace sockscope::daemon

// HookRunner: starts the configured hook commands for raised and cleared
// findings, from the daemon's event loop and never blocking it.
//
// After each poll, on_poll() asks the dispatcher (alert/hook_dispatcher.h)
// which hooks run, and starts a run when fewer than hook_runner.max_running
// are running; other runs wait in a queue of at most hook_runner.queue_limit,
// and what finds it full is dropped, counted and logged. Runs for the same
// hook and finding go one at a time, in order: a clear waits in the queue
// while its raise still runs, so the hook never sees them out of order.
// Each run's stdin is fed through the loop, its exit is learnt through its
// pidfd, and one timerfd carries the deadlines: SIGTERM to the hook's
// process group at its timeout_s, SIGKILL alert::kill_grace_for(timeout)
// later. Every run's outcome and duration is logged: info when it exited 0,
// warning otherwise.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "alert/hook_dispatcher.h"
#include "alert/hook_event.h"
#include "alert/hook_process.h"
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

  // One successful poll's raised and cleared findings, and the findings
  // raised now (for escalations, and raises the rate limiter held back and
  // now lets through).
  void on_poll(const std::vector<FindingEvent>& events, const std::vector<Finding>& active,
               std::chrono::system_clock::time_point now);

  HookFigures figures() const;

 private:
  using Clock = std::chrono::steady_clock;

  // A hook's identity across reloads: a hook kept unchanged keeps its key.
  using HookKey = uint64_t;
  // Runs with the same hook and finding must not overlap.
  using RunKey = std::pair<HookKey, std::string>;

  struct Job {
    size_t number;  // 1-based place in the config, for logs
    HookKey key;
    HookConfig hook;
    alert::HookEvent event;
    RunKey run_key() const { return {key, event.finding.id}; }
  };
  struct Run {
    size_t number;
    RunKey key;
    HookConfig hook;
    std::string what;  // "raised close_wait_buildup:pid=42"
    alert::HookProcess process;
    Clock::time_point started;
    Clock::time_point deadline;  // SIGTERM at first, SIGKILL once terminated
    bool terminated = false;
  };

  HookRunner(Logger& log, UniqueFd timer, const DaemonConfig& config);
  // False when the job was dropped: the queue is full.
  bool submit(Job job);
  void start_run(Job job);
  void start_queued();
  bool running(const RunKey& key) const;
  void on_exit(uint64_t id);
  void on_stdin(uint64_t id);
  void on_timer();
  void arm_timer();
  void forget(std::map<uint64_t, Run>::iterator run);
  // Tells the dispatcher of a job dropped from the queue.
  void dropped(const Job& job);

  Logger* log_;
  UniqueFd timer_;
  EventLoop* loop_ = nullptr;
  alert::HookDispatcher dispatcher_;
  std::vector<HookKey> keys_;  // of each configured hook
  HookKey next_key_ = 1;
  HookRunnerConfig limits_;
  alert::InheritedEnvironment inherited_;
  std::deque<Job> queue_;
  std::map<RunKey, size_t> queued_keys_;  // how many queued jobs have each key
  std::map<uint64_t, Run> running_;  // by run id
  uint64_t next_id_ = 1;
  HookFigures figures_;
  uint64_t dropped_this_poll_ = 0;
};

}  // namespace sockscope::daemon

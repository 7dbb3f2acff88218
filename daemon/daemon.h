// Daemon: wires the parts to one event loop. The poll timer drives polls, the
// signalfd stops or reloads, the housekeeping timer closes idle clients and
// pings the systemd watchdog, and the listener and its clients share the loop.
#pragma once

#include <memory>

#include "answers.h"
#include "client_server.h"
#include "config/config.h"
#include "event_loop.h"
#include "hook_runner.h"
#include "listener.h"
#include "log.h"
#include "metrics_publisher.h"
#include "notifier.h"
#include "monitor/poller.h"
#include "settings.h"
#include "util/monotonic_timer.h"
#include "util/signal_reader.h"

namespace sockscope::daemon {

class Daemon {
 public:
  // Opens everything (socket, netlink, timers, signals); an Error is fatal.
  static Result<std::unique_ptr<Daemon>> open(CommandLine command_line, DaemonConfig config, Logger& log);

  // Runs until SIGTERM or SIGINT; the process exit status.
  int run();

 private:
  Daemon(CommandLine command_line, DaemonConfig config, Logger& log, EventLoop loop, SignalReader signals,
         MonotonicTimer poll_timer, MonotonicTimer housekeeping_timer, Listener listener, Poller poller,
         HookRunner hooks, MetricsPublisher metrics);

  void on_signal();
  void on_poll_timer();
  void on_housekeeping_timer();
  void poll();
  void reload();
  void apply(const DaemonConfig& config);
  Answer answer(const ipc::Request& request) const;
  DaemonFigures figures() const;

  CommandLine command_line_;
  DaemonConfig config_;
  Logger& log_;
  Notifier notifier_;
  EventLoop loop_;
  SignalReader signals_;
  MonotonicTimer poll_timer_;
  MonotonicTimer housekeeping_timer_;
  Listener listener_;
  Poller poller_;
  ClientServer server_;  // after loop_ and listener_: it refers to both
  HookRunner hooks_;     // after loop_: it takes its fds out of the loop when destroyed
  MetricsPublisher metrics_;
  MonoClock::time_point started_;
};

}  // namespace sockscope::daemon

#include "daemon.h"

#include <signal.h>

#include <algorithm>
#include <cmath>

#include "answers.h"

namespace sockscope::daemon {

namespace {

std::chrono::nanoseconds to_duration(double seconds) {
  return std::chrono::nanoseconds(static_cast<int64_t>(std::llround(seconds * 1e9)));
}

ClientLimits client_limits(const DaemonConfig& config) {
  ClientLimits limits;
  limits.max_clients = static_cast<size_t>(std::max(config.max_clients, 0));
  limits.output_limit = config.client_output_limit;
  limits.idle_timeout = to_duration(config.client_idle_timeout_s);
  return limits;
}

void apply_log_level(Logger& log, const DaemonConfig& config) {
  if (auto level = parse_log_level(config.log_level)) {
    log.set_level(*level);
  } else {
    log.warning("unknown log level '{}'; keeping the current one", config.log_level);
  }
}

constexpr std::chrono::nanoseconds kHousekeepingPeriod = std::chrono::seconds(1);

}  // namespace

Result<std::unique_ptr<Daemon>> Daemon::open(CommandLine command_line, DaemonConfig config, Logger& log) {
  apply_log_level(log, config);
  auto loop = EventLoop::create();
  if (!loop) return loop.error();
  auto signals = SignalReader::create({SIGTERM, SIGINT, SIGHUP});
  if (!signals) return signals.error();
  auto poll_timer = MonotonicTimer::create();
  if (!poll_timer) return poll_timer.error();
  auto housekeeping_timer = MonotonicTimer::create();
  if (!housekeeping_timer) return housekeeping_timer.error();
  auto poller = Poller::open(config);
  if (!poller) return poller.error();
  auto listener = Listener::open(config.socket_path, config.socket_group, log);
  if (!listener) return listener.error();
  auto hooks = HookRunner::create(log, config);
  if (!hooks) return hooks.error();
  auto metrics = MetricsPublisher::open(config.metrics);
  if (!metrics) return metrics.error();
  return std::unique_ptr<Daemon>(new Daemon(std::move(command_line), std::move(config), log, std::move(*loop),
                                            std::move(*signals), std::move(*poll_timer), std::move(*housekeeping_timer),
                                            std::move(*listener), std::move(*poller), std::move(*hooks),
                                            std::move(*metrics)));
}

Daemon::Daemon(CommandLine command_line, DaemonConfig config, Logger& log, EventLoop loop, SignalReader signals,
               MonotonicTimer poll_timer, MonotonicTimer housekeeping_timer, Listener listener, Poller poller,
               HookRunner hooks, MetricsPublisher metrics)
    : command_line_(std::move(command_line)),
      config_(std::move(config)),
      log_(log),
      loop_(std::move(loop)),
      signals_(std::move(signals)),
      poll_timer_(std::move(poll_timer)),
      housekeeping_timer_(std::move(housekeeping_timer)),
      listener_(std::move(listener)),
      poller_(std::move(poller)),
      server_(
          loop_, listener_, log_, [this](const ipc::Request& request) { return answer(request); },
          client_limits(config_)),
      hooks_(std::move(hooks)),
      metrics_(std::move(metrics)),
      started_(MonoClock::now()) {}

int Daemon::run() {
  Result<void> registered = loop_.add(signals_.fd(), EPOLLIN, [this](uint32_t) { on_signal(); });
  if (registered) registered = loop_.add(poll_timer_.fd(), EPOLLIN, [this](uint32_t) { on_poll_timer(); });
  if (registered) {
    registered = loop_.add(housekeeping_timer_.fd(), EPOLLIN, [this](uint32_t) { on_housekeeping_timer(); });
  }
  if (registered) registered = server_.start();
  if (registered) registered = hooks_.start(loop_);
  if (!registered) {
    log_.error("{}", registered.error().describe());
    return 1;
  }

  // Clients that connect now wait in the backlog until the first poll is in.
  poll();
  notifier_.ready();
  auto housekeeping = kHousekeepingPeriod;
  if (auto watchdog = notifier_.watchdog_period())
    housekeeping = std::min<std::chrono::nanoseconds>(housekeeping, *watchdog);
  Result<void> armed = poll_timer_.arm_every(to_duration(config_.interval_s));
  if (armed) armed = housekeeping_timer_.arm_every(housekeeping);
  if (!armed) {
    log_.error("{}", armed.error().describe());
    return 1;
  }
  log_.info("running: poll every {} s", config_.interval_s);
  if (config_.metrics.listen) log_.info("metrics served at http://{}/metrics", *config_.metrics.listen);

  auto ran = loop_.run();
  notifier_.stopping();
  if (!ran) {
    log_.error("{}", ran.error().describe());
    return 1;
  }
  log_.info("stopped after {} polls", poller_.figures().polls);
  return 0;
}

void Daemon::on_signal() {
  while (auto sig = signals_.next()) {
    if (*sig == SIGHUP) {
      reload();
    } else {
      log_.info("{}: shutting down", *sig == SIGTERM ? "SIGTERM" : "SIGINT");
      loop_.stop();
    }
  }
}

void Daemon::on_poll_timer() {
  uint64_t expirations = poll_timer_.read_expirations();
  if (expirations == 0) return;
  // A poll that overran its interval just delays the next one; no catch-up.
  if (expirations > 1) log_.debug("poll overran: {} ticks skipped", expirations - 1);
  poll();
}

void Daemon::on_housekeeping_timer() {
  if (housekeeping_timer_.read_expirations() == 0) return;
  server_.close_idle(SteadyClock::now());
  notifier_.watchdog();
}

void Daemon::poll() {
  auto polled = poller_.poll_once();
  const PollFigures& figures = poller_.figures();
  if (!polled) {
    log_.warning("poll failed ({} so far): {}; status and history keep the last good poll", figures.polls_failed,
                 polled.error().describe());
    notifier_.status("poll failed: " + polled.error().describe());
    metrics_.after_poll(poller_, false, this->figures(), log_);
    return;
  }
  const auto& snapshot = *poller_.latest();
  for (const FindingEvent& event : poller_.finding_events()) {
    log_.info("finding {}: [{}] {}: {}", finding_event_name(event.type), severity_name(event.finding.severity),
              event.finding.id, event.finding.summary);
  }
  hooks_.on_poll(poller_.finding_events(), poller_.findings().active(), std::chrono::system_clock::now());
  const double ms = static_cast<double>(figures.last_duration.count()) / 1e6;
  log_.debug("poll {}: {} sockets in {:.1f} ms", figures.polls, snapshot.sockets.size(), ms);
  notifier_.status(fmt::format("sockets: {}, poll: {:.0f} ms", snapshot.sockets.size(), ms));
  if (server_.subscribers() > 0) server_.publish_poll(status_result(poller_.latest_summary(), this->figures()));
  metrics_.after_poll(poller_, true, this->figures(), log_);
}

void Daemon::reload() {
  notifier_.reloading();
  auto loaded = resolve_config(command_line_);
  if (!loaded) {
    log_.error("reload failed, keeping the old configuration: {}", loaded.error().describe());
  } else if (*loaded == config_) {
    log_.info("reload: configuration unchanged");
  } else {
    apply(*loaded);
    log_.info("reload: configuration applied (poll every {} s)", config_.interval_s);
  }
  notifier_.ready();
}

void Daemon::apply(const DaemonConfig& config) {
  // The socket is bound once; moving it would strand connected clients.
  if (config.socket_path != config_.socket_path || config.socket_group != config_.socket_group) {
    log_.warning("reload: socket path and group changes take effect at the next restart");
  }
  const bool interval_changed = config.interval_s != config_.interval_s;
  DaemonConfig applied = config;
  applied.socket_path = config_.socket_path;
  applied.socket_group = config_.socket_group;
  config_ = std::move(applied);

  apply_log_level(log_, config_);
  poller_.configure(config_);
  server_.set_limits(client_limits(config_));
  hooks_.apply(config_);
  metrics_.reconfigure(config_.metrics, log_);
  if (interval_changed) {
    if (auto armed = poll_timer_.arm_every(to_duration(config_.interval_s)); !armed) {
      log_.error("reload: {}", armed.error().describe());
    }
  }
}

DaemonFigures Daemon::figures() const {
  DaemonFigures figures;
  figures.uptime = MonoClock::now() - started_;
  figures.polls = poller_.figures();
  figures.clients = server_.clients();
  figures.interval_s = config_.interval_s;
  figures.hooks = hooks_.figures();
  if (figures.polls.polls > 0) figures.since_good_poll = MonoClock::now() - poller_.last_good_poll();
  return figures;
}

Answer Daemon::answer(const ipc::Request& request) const {
  return answer_request(request, AnswerContext{poller_, figures(), MonoClock::now(), std::chrono::system_clock::now()});
}

}  // namespace sockscope::daemon

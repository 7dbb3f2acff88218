#include "metrics_publisher.h"

#include "metrics/health_metrics.h"
#include "metrics/poll_metrics.h"
#include "metrics_textfile.h"
#include "version.h"

namespace sockscope::daemon {

namespace {

metrics::DaemonHealth health_of(const DaemonFigures& figures) {
  metrics::DaemonHealth health;
  health.version = kVersion;
  health.uptime = figures.uptime;
  health.interval_s = figures.interval_s;
  health.polls = figures.polls;
  health.clients = figures.clients;
  const HookFigures& hooks = figures.hooks;
  health.hooks = {hooks.started, hooks.failed,  hooks.timed_out, hooks.dropped,
                  hooks.rate_limited, hooks.running, hooks.queued};
  return health;
}

Result<std::unique_ptr<MetricsServer>> start_server(const MetricsConfig& config) {
  auto options = metrics_server_options(config);
  if (!options) return options.error();
  return MetricsServer::start(*options);
}

}  // namespace

Result<MetricsServerOptions> metrics_server_options(const MetricsConfig& config) {
  auto address = parse_listen_address(config.listen.value_or(""));
  if (!address) return address.error();
  MetricsServerOptions options;
  options.address = std::move(*address);
  options.max_scrapes = config.max_scrapes;
  return options;
}

Result<MetricsPublisher> MetricsPublisher::open(const MetricsConfig& config) {
  MetricsPublisher publisher(config);
  if (config.listen) {
    auto server = start_server(config);
    if (!server) return server.error();
    publisher.server_ = std::move(*server);
  }
  return publisher;
}

void MetricsPublisher::after_poll(const Poller& poller, bool polled, const DaemonFigures& figures, Logger& log) {
  if (!enabled()) return;
  if (polled && poller.latest()) {
    metrics::Exposition poll;
    metrics::render_poll_metrics(poll, {*poller.latest(), poller.latest_summary(), poller.findings().active(),
                                        config_.top_n});
    poll_text_ = poll.take();
  }
  metrics::Exposition health;
  metrics::render_health_metrics(health, health_of(figures));
  published_ = std::make_shared<const std::string>(poll_text_ + health.text());
  if (server_) server_->publish(published_);
  write_textfile(log);
}

void MetricsPublisher::write_textfile(Logger& log) {
  if (!config_.textfile) return;
  auto written = daemon::write_textfile(*config_.textfile, *published_);
  if (written) {
    if (!textfile_error_.empty()) log.info("metrics textfile {} written again", *config_.textfile);
    textfile_error_.clear();
    return;
  }
  // Once per distinct failure, not once per poll.
  std::string message = written.error().describe();
  if (message != textfile_error_) log.warning("{}", message);
  textfile_error_ = std::move(message);
}

void MetricsPublisher::reconfigure(const MetricsConfig& config, Logger& log) {
  MetricsConfig applied = config;
  if (config.listen != config_.listen || config.max_scrapes != config_.max_scrapes) {
    if (!config.listen) {
      server_.reset();
      log.info("reload: metrics HTTP server stopped");
    } else {
      // The same address is still held by the old server: let it go first,
      // and take it back if the new one cannot start.
      const bool same_address = server_ && config_.listen == config.listen;
      if (same_address) server_.reset();
      auto started = start_server(config);
      if (started) {
        server_ = std::move(*started);
        log.info("reload: metrics served on {}", *config.listen);
      } else {
        log.error("reload: {}; keeping the previous metrics server", started.error().describe());
        if (same_address) {
          if (auto restored = start_server(config_)) server_ = std::move(*restored);
        }
        applied.listen = server_ ? config_.listen : std::nullopt;
        applied.max_scrapes = config_.max_scrapes;
      }
    }
  }
  if (config.textfile != config_.textfile) textfile_error_.clear();
  config_ = std::move(applied);
  if (server_ && published_) server_->publish(published_);
}

}  // namespace sockscope::daemon

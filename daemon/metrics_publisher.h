// Prometheus metrics from the daemon: after each poll the text is rendered
// once (lib/metrics) and handed to the HTTP server and the textfile, so
// serving it costs a scrape nothing but a copy.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "answers.h"
#include "config/config.h"
#include "log.h"
#include "metrics_server.h"
#include "monitor/poller.h"

namespace sockscope::daemon {

class MetricsPublisher {
 public:
  // Starts the HTTP server when config.listen is set; an Error names the
  // address and why it could not be used.
  static Result<MetricsPublisher> open(const MetricsConfig& config);

  // After every poll, `polled` telling whether it succeeded: the poll's
  // figures are rendered again only after a successful one (a failed poll
  // keeps the last good ones, as status does); the daemon's health always.
  void after_poll(const Poller& poller, bool polled, const DaemonFigures& figures, Logger& log);

  // A reload. A listen address that cannot be used is logged and the old
  // server keeps serving.
  void reconfigure(const MetricsConfig& config, Logger& log);

 private:
  explicit MetricsPublisher(MetricsConfig config) : config_(std::move(config)) {}
  bool enabled() const { return server_ != nullptr || config_.textfile.has_value(); }
  void write_textfile(Logger& log);

  MetricsConfig config_;
  std::unique_ptr<MetricsServer> server_;
  std::string poll_text_;                        // the latest successful poll's families
  std::shared_ptr<const std::string> published_;  // poll and health families together
  std::string textfile_error_;                   // the failure last logged; empty after a good write
};

// The server's options for a config whose listen address is set.
Result<MetricsServerOptions> metrics_server_options(const MetricsConfig& config);

}  // namespace sockscope::daemon

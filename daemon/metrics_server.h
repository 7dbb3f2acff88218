// The Prometheus endpoint: libmicrohttpd serving GET /metrics from its own
// thread. The daemon publishes each poll's text here; a scrape copies the
// latest one under a short lock, so it never triggers a poll or waits for
// one. At most max_scrapes connections are served at once; more wait in the
// listen backlog until one finishes. One peer address may hold at most half
// of them (more from it are closed as soon as they are accepted), and a
// connection that sends nothing for timeout_s is closed: a few slow clients
// trickling a request byte by byte cannot take every slot and shut
// Prometheus out.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "metrics_address.h"
#include "util/result.h"

struct MHD_Daemon;

namespace sockscope::daemon {

struct MetricsServerOptions {
  ListenAddress address;
  int max_scrapes = 4;
  // Reset by every byte the client sends; a scrape's request is one packet.
  unsigned timeout_s = 3;
};

class MetricsServer {
 public:
  // Binds and starts serving. An Error names the address and why (a port in
  // use: "...: Address already in use").
  static Result<std::unique_ptr<MetricsServer>> start(const MetricsServerOptions& options);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Replaces what /metrics serves; null until the first poll.
  void publish(std::shared_ptr<const std::string> text);

  // What /metrics serves now; null before the first publish. Called from
  // the server's thread.
  std::shared_ptr<const std::string> latest() const;

  const MetricsServerOptions& options() const { return options_; }

 private:
  explicit MetricsServer(MetricsServerOptions options) : options_(std::move(options)) {}

  MetricsServerOptions options_;
  mutable std::mutex mutex_;  // guards text_ only: held for a pointer copy
  std::shared_ptr<const std::string> text_;
  MHD_Daemon* mhd_ = nullptr;
};

}  // namespace sockscope::daemon

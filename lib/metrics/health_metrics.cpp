#include "metrics/health_metrics.h"

namespace sockscope::metrics {

namespace {

using enum MetricType;

double seconds(std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

void render_health_metrics(Exposition& out, const DaemonHealth& health) {
  out.family("sockscope_build_info", Gauge, "Always 1; the version of sockscoped in a label.");
  out.sample({{"version", health.version}}, int64_t{1});
  out.family("sockscope_uptime_seconds", Gauge, "Seconds since sockscoped started, as of the latest poll.");
  out.sample(seconds(health.uptime));
  out.family("sockscope_poll_interval_seconds", Gauge, "The configured time between polls.");
  out.sample(health.interval_s);
  out.family("sockscope_polls_total", Counter, "Successful polls since sockscoped started.");
  out.sample(health.polls.polls);
  out.family("sockscope_poll_errors_total", Counter, "Failed polls since sockscoped started.");
  out.sample(health.polls.polls_failed);
  out.family("sockscope_poll_duration_seconds", Gauge, "How long the latest successful poll took.");
  out.sample(seconds(health.polls.last_duration));
  out.family("sockscope_poll_duration_recent_average_seconds", Gauge,
             "The average duration of the last 16 successful polls.");
  out.sample(seconds(health.polls.recent_average));
  out.family("sockscope_dump_retries_total", Counter,
             "Socket dumps redone because the kernel's table changed during the dump (NLM_F_DUMP_INTR).");
  out.sample(health.polls.dump_retries);
  out.family("sockscope_owner_scans_total", Counter, "Scans of /proc for the processes holding sockets.");
  out.sample(health.polls.owner_scans);
  out.family("sockscope_clients", Gauge, "Clients connected to the daemon's Unix socket.");
  out.sample(static_cast<uint64_t>(health.clients));

  const HookHealth& hooks = health.hooks;
  out.family("sockscope_hooks_started_total", Counter, "Hook commands started.");
  out.sample(hooks.started);
  out.family("sockscope_hooks_failed_total", Counter,
             "Hook commands that exited non-zero, died of a signal, timed out or could not start.");
  out.sample(hooks.failed);
  out.family("sockscope_hooks_timed_out_total", Counter, "Hook commands killed at their timeout.");
  out.sample(hooks.timed_out);
  out.family("sockscope_hook_events_dropped_total", Counter, "Finding events dropped because the hook queue was full.");
  out.sample(hooks.dropped);
  out.family("sockscope_hook_runs_rate_limited_total", Counter, "Hook runs skipped because the finding flapped.");
  out.sample(hooks.rate_limited);
  out.family("sockscope_hooks_running", Gauge, "Hook commands running.");
  out.sample(static_cast<uint64_t>(hooks.running));
  out.family("sockscope_hook_events_queued", Gauge, "Finding events waiting for a hook slot.");
  out.sample(static_cast<uint64_t>(hooks.queued));
}

}  // namespace sockscope::metrics

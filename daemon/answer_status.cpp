// status: the CLI's status JSON, plus how the daemon itself is doing.
#include "answers.h"
#include "render/status_json.h"
#include "render/status_summary.h"

namespace sockscope::daemon {

namespace {

double milliseconds(std::chrono::nanoseconds d) { return static_cast<double>(d.count()) / 1e6; }
double seconds(std::chrono::nanoseconds d) { return static_cast<double>(d.count()) / 1e9; }

nlohmann::ordered_json daemon_object(const DaemonFigures& figures) {
  nlohmann::ordered_json out;
  out["uptime_s"] = seconds(figures.uptime);
  out["interval_s"] = figures.interval_s;
  out["polls"] = figures.polls.polls;
  out["last_poll_ms"] = milliseconds(figures.polls.last_duration);
  out["recent_poll_ms_avg"] = milliseconds(figures.polls.recent_average);
  out["dump_retries"] = figures.polls.dump_retries;
  out["polls_failed"] = figures.polls.polls_failed;
  out["last_good_poll_age_s"] =
      figures.since_good_poll ? nlohmann::ordered_json(seconds(*figures.since_good_poll)) : nlohmann::ordered_json();
  out["owner_scans"] = figures.polls.owner_scans;
  out["clients"] = figures.clients;
  out["hooks"] = {{"started", figures.hooks.started},   {"failed", figures.hooks.failed},
                  {"timed_out", figures.hooks.timed_out}, {"dropped", figures.hooks.dropped},
                  {"rate_limited", figures.hooks.rate_limited}, {"running", figures.hooks.running},
                  {"queued", figures.hooks.queued}};
  return out;
}

}  // namespace

nlohmann::ordered_json status_result(const StatusSummary& summary, const DaemonFigures& figures) {
  nlohmann::ordered_json out = status_to_json(summary);
  out["daemon"] = daemon_object(figures);
  return out;
}

}  // namespace sockscope::daemon

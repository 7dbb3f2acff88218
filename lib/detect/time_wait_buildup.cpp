// time_wait_buildup: TIME_WAIT sockets against tcp_max_tw_buckets and an
// absolute count. One finding for the host; the top endpoints show whether
// this host closes first as a server (one local endpoint) or as a client
// (one remote endpoint).
#include <fmt/format.h>

#include <algorithm>

#include "detect/detect_support.h"
#include "detect/detector_fns.h"
#include "detect/host_support.h"

namespace sockscope {

namespace {

constexpr std::string_view kAdvice =
    "The side that closes a TCP connection first holds it in TIME_WAIT for a fixed 60 s (TCP_TIMEWAIT_LEN); "
    "tcp_fin_timeout does not shorten it. Many short connections closed by this host cause the buildup: reuse "
    "connections (HTTP keep-alive, connection pools) or let the peer close first, as the top endpoints suggest. "
    "Beyond net.ipv4.tcp_max_tw_buckets new TIME_WAIT sockets are destroyed at once (TcpExt.TCPTimeWaitOverflow "
    "counts them), losing their protection against stray segments of the old connection; raise the limit rather "
    "than lower it, and for outgoing connections net.ipv4.tcp_tw_reuse=1 lets connect() take over TIME_WAIT ports "
    "safely.";

struct TimeWaitScan {
  int64_t count = 0;
  EndpointCounts local;
  EndpointCounts remote;
  CookieSample cookies;
};

TimeWaitScan scan(const Snapshot& snapshot) {
  TimeWaitScan s;
  for (const SocketRecord& socket : snapshot.sockets) {
    if (!tcp_in(socket, TcpState::TimeWait)) continue;
    ++s.count;
    s.local.add(socket.family, socket.local);
    s.remote.add(socket.family, socket.remote);
    s.cookies.add(socket.cookie);
  }
  return s;
}

}  // namespace

void detect_time_wait_buildup(const DetectorInput& input, std::vector<Finding>& out) {
  const TimeWaitBuildupConfig& config = input.config.time_wait_buildup;
  if (!config.enabled) return;
  const SystemView& system = input.snapshot.system;
  TimeWaitScan s = scan(input.snapshot);

  // The bucket limit covers every timewait minisocket, orphaned FIN_WAIT2 ones
  // included; sockstat's "tw" counts exactly those. Either figure is a lower
  // bound of what the kernel holds at about the same moment, so take the larger.
  const std::optional<int64_t> sockstat_tw = system.sockstat.get("TCP", "tw");
  const int64_t buckets_in_use = std::max(s.count, sockstat_tw.value_or(0));
  const std::optional<int64_t> limit = system.sysctls.tcp_max_tw_buckets;
  std::optional<double> used_pct;
  if (limit && *limit > 0) used_pct = percent_of(static_cast<double>(buckets_in_use), static_cast<double>(*limit));

  const bool over_count = config.warning_count > 0 && s.count >= config.warning_count;
  const bool warning = used_pct && *used_pct >= config.warning_pct;
  const bool critical = used_pct && *used_pct >= config.critical_pct;
  if (buckets_in_use == 0 || (!over_count && !warning && !critical)) return;

  Finding f;
  f.kind = "time_wait_buildup";
  f.id = "time_wait_buildup:host";
  f.severity = critical ? Severity::Critical : Severity::Warning;
  f.subject = "host";
  f.summary = fmt::format("{} TIME_WAIT sockets", s.count);
  if (buckets_in_use > s.count) {
    f.summary = fmt::format("{} timewait sockets ({} TIME_WAIT)", buckets_in_use, s.count);
  }
  if (used_pct) f.summary += fmt::format(", {:.0f}% of tcp_max_tw_buckets ({})", *used_pct, *limit);
  f.evidence["count"] = s.count;
  f.evidence["tw_buckets_in_use"] = buckets_in_use;
  f.evidence["sockstat_tw"] = or_null(sockstat_tw);
  f.evidence["limit"] = or_null(limit);
  f.evidence["used_pct"] = used_pct ? nlohmann::ordered_json(evidence_number(*used_pct)) : nullptr;
  f.evidence["overflows_total"] = or_null(system.counters.get("TcpExt.TCPTimeWaitOverflow"));
  const auto listed = static_cast<size_t>(std::max(0, config.top_n));
  f.evidence["top_local"] = s.local.top(listed, "endpoint");
  f.evidence["top_remote"] = s.remote.top(listed, "endpoint");
  f.advice = std::string(kAdvice);
  f.sockets = s.cookies.take();
  out.push_back(std::move(f));
}

}  // namespace sockscope

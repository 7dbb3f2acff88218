// orphans: TCP sockets no process holds any more (closed, still finishing
// their shutdown) against tcp_max_orphans. The kernel compares the count
// shifted left by up to two bits for orphans that look stuck, so a quarter
// of the limit can already get sockets reset.
#include <fmt/format.h>

#include "detect/detect_support.h"
#include "detect/detector_fns.h"
#include "detect/host_support.h"

namespace sockscope {

namespace {

// ip-sysctl.rst: "Each orphan eats up to ~64K of unswappable memory."
constexpr int64_t kOrphanMemoryBytes = 64 * 1024;

constexpr std::string_view kAdvice =
    "Orphans are TCP sockets whose process has closed them while the kernel still finishes the close (unsent "
    "data, a FIN not yet acknowledged); each can pin about 64 KiB of unswappable memory. Above "
    "net.ipv4.tcp_max_orphans the kernel resets them (\"too many orphaned sockets\" in dmesg, TcpExt.TCPAbortOnMemory), "
    "and it counts an orphan that has stalled or seen ICMP errors two or four times, so resets start well below the "
    "limit. Look for peers that stopped reading or answering (the dump's orphans by state), close idle connections "
    "instead of letting many finish at once, and lower net.ipv4.tcp_orphan_retries to free them sooner.";

// Orphans visible in the dump: no inode, in a state that still belongs to a
// full socket finishing its close. Orphaned FIN_WAIT2 sockets usually are
// timewait minisockets already, which sockstat counts under "tw", not "orphan".
constexpr std::array<TcpState, 4> kOrphanStates = {TcpState::FinWait1, TcpState::FinWait2, TcpState::Closing,
                                                   TcpState::LastAck};

}  // namespace

void detect_orphans(const DetectorInput& input, std::vector<Finding>& out) {
  const OrphansConfig& config = input.config.orphans;
  if (!config.enabled) return;
  const SystemView& system = input.snapshot.system;
  const std::optional<int64_t> orphans = system.sockstat.get("TCP", "orphan");
  const std::optional<int64_t> limit = system.sysctls.tcp_max_orphans;
  // Both figures are needed: there is no absolute threshold to fall back on.
  if (!orphans || !limit || *limit <= 0 || *orphans <= 0) return;
  const double used_pct = percent_of(static_cast<double>(*orphans), static_cast<double>(*limit));
  if (used_pct < config.warning_pct) return;

  std::array<int64_t, kOrphanStates.size()> in_dump{};
  CookieSample cookies;
  for (const SocketRecord& socket : input.snapshot.sockets) {
    if (socket.proto != Proto::Tcp || socket.inode != 0) continue;
    for (size_t i = 0; i < kOrphanStates.size(); ++i) {
      if (socket.state != kOrphanStates[i]) continue;
      ++in_dump[i];
      cookies.add(socket.cookie);
    }
  }

  Finding f;
  f.kind = "orphans";
  f.id = "orphans:host";
  f.severity = used_pct >= config.critical_pct ? Severity::Critical : Severity::Warning;
  f.subject = "host";
  f.summary = fmt::format("{} orphaned TCP sockets, {:.0f}% of tcp_max_orphans ({})", *orphans, used_pct, *limit);
  f.evidence["orphans"] = *orphans;
  f.evidence["limit"] = *limit;
  f.evidence["used_pct"] = evidence_number(used_pct);
  f.evidence["max_memory_bytes"] = *orphans * kOrphanMemoryBytes;
  nlohmann::ordered_json by_state = nlohmann::ordered_json::object();
  for (size_t i = 0; i < kOrphanStates.size(); ++i) by_state[std::string(tcp_state_name(kOrphanStates[i]))] = in_dump[i];
  f.evidence["in_dump_by_state"] = std::move(by_state);
  f.evidence["abort_on_memory_total"] = or_null(system.counters.get("TcpExt.TCPAbortOnMemory"));
  f.advice = std::string(kAdvice);
  f.sockets = cookies.take();
  out.push_back(std::move(f));
}

}  // namespace sockscope

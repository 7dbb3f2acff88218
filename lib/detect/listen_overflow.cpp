// listen_overflow: a listener whose accept queue is (nearly) full, or the
// host's ListenOverflows / ListenDrops counters rising.
//
// On a LISTEN socket inet_diag reports the accept queue in Recv-Q and its
// limit, min(listen() backlog, net.core.somaxconn), in Send-Q. The kernel
// calls the queue full only when it holds more than the limit
// (sk_acceptq_is_full), so it can hold backlog + 1; a full queue drops the
// SYN (or the handshake's final ACK) and bumps ListenOverflows and
// ListenDrops. Those counters are per network namespace, not per listener:
// when they rise and no listener is over the threshold now, one host-level
// finding says so.
#include <fmt/format.h>

#include <map>
#include <string>

#include "detect/detect_support.h"
#include "detect/detector_fns.h"
#include "detect/history_rates.h"
#include "detect/queue_support.h"

namespace sockscope {

namespace {

using namespace queue;

constexpr std::string_view kKind = "listen_overflow";
// Counter rises this recent count as "drops rising".
constexpr double kDropWindowS = 10;

struct DropRates {
  CounterWindow overflows;
  CounterWindow drops;
  bool rising() const { return overflows.total > 0 || drops.total > 0; }
};

std::optional<DropRates> drop_rates(const DetectorInput& input) {
  if (input.history == nullptr) return std::nullopt;
  static_assert(std::string_view(kHistoryCounters[0]) == "TcpExt.ListenOverflows");
  static_assert(std::string_view(kHistoryCounters[1]) == "TcpExt.ListenDrops");
  auto overflows = counter_window(*input.history, 0, kDropWindowS);
  auto drops = counter_window(*input.history, 1, kDropWindowS);
  if (!overflows || !drops) return std::nullopt;
  return DropRates{*overflows, *drops};
}

void put_rates(nlohmann::ordered_json& evidence, const std::optional<DropRates>& rates) {
  if (!rates) {
    for (const char* key :
         {"listen_overflows", "listen_drops", "listen_overflows_per_s", "listen_drops_per_s", "rate_window_s"}) {
      evidence[key] = nullptr;
    }
    return;
  }
  evidence["listen_overflows"] = rates->overflows.total;
  evidence["listen_drops"] = rates->drops.total;
  evidence["listen_overflows_per_s"] = rates->overflows.rate();
  evidence["listen_drops_per_s"] = rates->drops.rate();
  evidence["rate_window_s"] = rates->overflows.seconds;
}

nlohmann::ordered_json optional_number(const std::optional<int64_t>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

// Null for a zero backlog (listen(fd, 0) still queues one connection).
nlohmann::ordered_json used_pct(const SocketRecord& listener) {
  if (listener.send_q == 0) return nullptr;
  return percent_of(listener.recv_q, listener.send_q);
}

// The kernel's own test (sk_acceptq_is_full): more waiting than the limit.
bool queue_full(const SocketRecord& listener) { return listener.recv_q > listener.send_q; }

bool over_threshold(const SocketRecord& listener, double queue_pct) {
  if (listener.recv_q == 0) return false;
  return queue_full(listener) || 100.0 * listener.recv_q >= queue_pct * listener.send_q;
}

// Listening sockets that share one address (SO_REUSEPORT) each have their
// own queue; they make one finding, told by the fullest of them.
struct ListenerGroup {
  const SocketRecord* fullest = nullptr;
  int64_t over = 0;
  std::vector<uint64_t> cookies;
};

// Full first, then by the share of the backlog in use.
bool fuller(const SocketRecord& a, const SocketRecord& b) {
  if (queue_full(a) != queue_full(b)) return queue_full(a);
  return static_cast<uint64_t>(a.recv_q) * b.send_q > static_cast<uint64_t>(b.recv_q) * a.send_q;
}

std::string listener_advice(const SocketRecord& listener, const std::optional<int64_t>& somaxconn) {
  std::string advice =
      "The application accepts connections more slowly than they arrive; once the accept queue holds more than its "
      "backlog the kernel drops new SYNs (or the handshake's last ACK) and clients stall for a SYN retransmission "
      "(1 s, then 3 s, ...) or fail. Find what slows the accept loop (busy or blocked workers, too few acceptor "
      "threads, long pauses) and raise the listen() backlog";
  if (somaxconn && *somaxconn == listener.send_q) {
    advice += fmt::format(
        "; the backlog equals net.core.somaxconn ({}), which caps every listen() backlog, so raise that sysctl too.",
        *somaxconn);
  } else {
    advice += " (net.core.somaxconn caps it).";
  }
  return advice;
}

Finding listener_finding(const DetectorInput& input, const std::string& local, ListenerGroup& group,
                         const std::optional<DropRates>& rates) {
  const SocketRecord& listener = *group.fullest;
  const std::optional<int64_t>& somaxconn = input.snapshot.system.sysctls.somaxconn;
  const auto owners = owners_of(input.snapshot, listener);
  const bool full = queue_full(listener);
  const bool dropping = rates && rates->rising();

  Finding f;
  f.kind = kKind;
  f.id = fmt::format("{}:{}", kKind, local);
  f.severity = full || dropping ? Severity::Critical : Severity::Warning;
  f.subject = local;
  f.summary = fmt::format("{} accept queue {}: {} waiting, backlog {}, {} not accepting fast enough", local,
                          full ? "full" : fmt::format("at {:.0f}%", percent_of(listener.recv_q, listener.send_q)),
                          listener.recv_q, listener.send_q, process_subject(owners));
  if (dropping) {
    // ListenDrops counts every overflow and the listener's other drops.
    f.summary +=
        fmt::format("; {} SYNs or handshakes dropped in {}", rates->drops.total, age_text(rates->drops.seconds));
  }

  auto& e = f.evidence;
  e["local"] = local;
  e["port"] = listener.local.port;
  put_owner(e, owners);
  e["queue"] = listener.recv_q;
  e["backlog"] = listener.send_q;
  e["used_pct"] = used_pct(listener);
  e["full"] = full;
  e["somaxconn"] = optional_number(somaxconn);
  e["listeners_over"] = group.over;
  put_rates(e, rates);

  f.advice = listener_advice(listener, somaxconn);
  f.sockets = std::move(group.cookies);
  finish_socket_list(f.sockets);
  return f;
}

Finding host_finding(const DetectorInput& input, const DropRates& rates, const SocketRecord* fullest) {
  const bool overflowing = rates.overflows.total > 0;
  Finding f;
  f.kind = kKind;
  f.id = fmt::format("{}:host", kKind);
  f.severity = overflowing ? Severity::Critical : Severity::Warning;
  f.subject = "host";
  f.summary = overflowing ? fmt::format("ListenOverflows rose by {} in {}: an accept queue overflowed between polls",
                                        rates.overflows.total, age_text(rates.overflows.seconds))
                          : fmt::format("ListenDrops rose by {} in {} while no accept queue overflowed",
                                        rates.drops.total, age_text(rates.drops.seconds));

  auto& e = f.evidence;
  put_rates(e, rates);
  e["somaxconn"] = optional_number(input.snapshot.system.sysctls.somaxconn);
  if (fullest != nullptr) {
    const auto owners = owners_of(input.snapshot, *fullest);
    nlohmann::ordered_json top;
    top["local"] = format_endpoint(fullest->family, fullest->local);
    put_owner(top, owners);
    top["queue"] = fullest->recv_q;
    top["backlog"] = fullest->send_q;
    e["fullest_listener"] = std::move(top);
  } else {
    e["fullest_listener"] = nullptr;
  }

  f.advice = overflowing
                 ? "A listener's accept queue filled up between polls (a burst shorter than the poll interval) and "
                   "the kernel dropped the connections that did not fit. Compare Recv-Q with Send-Q in `ss -ltn` "
                   "during the bursts to find the listener, then make its accept loop faster or raise its listen() "
                   "backlog and net.core.somaxconn."
                 : "ListenDrops counts every SYN or handshake a listener dropped; rising without ListenOverflows it "
                   "usually means a full SYN queue with syncookies off (see tcp_max_syn_backlog and the syn_flood "
                   "finding) or allocation failures. Check `nstat -az TcpExtListenDrops TcpExtTCPReqQFullDrop`.";
  return f;
}

}  // namespace

void detect_listen_overflow(const DetectorInput& input, std::vector<Finding>& out) {
  const ListenOverflowConfig& config = input.config.listen_overflow;
  if (!config.enabled) return;

  std::map<std::string, ListenerGroup> over;
  const SocketRecord* fullest = nullptr;
  for (const SocketRecord& socket : input.snapshot.sockets) {
    if (socket.proto != Proto::Tcp || socket.state != TcpState::Listen) continue;
    if (socket.recv_q > 0 && (fullest == nullptr || fuller(socket, *fullest))) fullest = &socket;
    if (!over_threshold(socket, config.queue_pct)) continue;
    ListenerGroup& group = over[format_endpoint(socket.family, socket.local)];
    if (group.fullest == nullptr || fuller(socket, *group.fullest)) group.fullest = &socket;
    ++group.over;
    group.cookies.push_back(socket.cookie);
  }

  const std::optional<DropRates> rates = drop_rates(input);
  for (auto& [local, group] : over) out.push_back(listener_finding(input, local, group, rates));
  if (over.empty() && rates && rates->rising()) out.push_back(host_finding(input, *rates, fullest));
}

}  // namespace sockscope

// half_open: connections whose peer has gone without a FIN or RST, told
// apart by a signature:
//
//   peer_unreachable       owned, unacknowledged data (or FIN) retransmitted
//                          min_retransmits times or more: the retransmit
//                          timer runs (inet_diag timer 1) and icsk_retransmits
//                          (idiag_retrans, tcp_info retransmits) or the RTO
//                          backoff has reached the threshold. The kernel gives
//                          up once the time since the first retransmission
//                          passes tcp_model_timeout(tcp_retries2, TCP_RTO_MIN)
//                          (net/ipv4/tcp_timer.c), about 924.6 s for 15.
//   keepalive_failing      keepalive timer (timer 2) with probes out
//                          (icsk_probes_out, which any ACK from the peer
//                          resets to 0): the last probes went unanswered.
//   idle_no_keepalive      ESTABLISHED, no timer at all (so no keepalive),
//                          nothing received for idle_s: nothing would notice
//                          if the peer had vanished.
//   orphan_retransmitting  FIN_WAIT1 / LAST_ACK without an owner (inode 0)
//                          retransmitting their FIN min_retransmits times.
//
// Findings are grouped per signature and owning process; orphans have no
// owner and make one host-wide finding whose evidence names the top peers.
// Everything comes from one poll's timers and tcp_info, so the detector
// works the same in direct mode.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "detect/conn_support.h"
#include "detect/detect_support.h"
#include "detect/detector_fns.h"

namespace sockscope {

namespace {

constexpr std::string_view kKind = "half_open";
constexpr size_t kListedPeers = 5;

enum class Signature : uint8_t { PeerUnreachable, KeepaliveFailing, IdleNoKeepalive, OrphanRetransmitting };

constexpr std::array<std::string_view, 4> kSignatureNames = {"peer_unreachable", "keepalive_failing",
                                                             "idle_no_keepalive", "orphan_retransmitting"};

std::string_view name_of(Signature s) { return kSignatureNames[static_cast<size_t>(s)]; }

// Constants of tcp_model_timeout() for an established connection
// (include/net/tcp.h: TCP_RTO_MIN = HZ / 5, TCP_RTO_MAX = 120 * HZ).
constexpr double kRtoMinS = 0.2;
constexpr double kRtoMaxS = 120;
constexpr int kLinearBackoffThresh = 9;  // ilog2(TCP_RTO_MAX / TCP_RTO_MIN) = ilog2(600)

// Seconds from the first retransmission until the kernel gives the
// connection up (ETIMEDOUT) with tcp_retries2 = `boundary`.
double model_timeout_s(int64_t boundary) {
  if (boundary <= kLinearBackoffThresh) return static_cast<double>((int64_t{2} << boundary) - 1) * kRtoMinS;
  return static_cast<double>((int64_t{2} << kLinearBackoffThresh) - 1) * kRtoMinS +
         static_cast<double>(boundary - kLinearBackoffThresh) * kRtoMaxS;
}

uint32_t retransmits_of(const SocketRecord& s) {
  uint32_t n = s.timer.count;
  if (s.has_tcp_info()) n = std::max<uint32_t>({n, s.tcp_info.retransmits, s.tcp_info.backoff});
  return n;
}

uint32_t probes_of(const SocketRecord& s) {
  return std::max<uint32_t>(s.timer.count, s.has_tcp_info() ? s.tcp_info.probes : 0);
}

// Milliseconds since the peer last sent anything (data or a bare ACK).
std::optional<uint32_t> silent_ms(const SocketRecord& s) {
  auto data = conn::last_data_recv_ms(s);
  auto ack = conn::last_ack_recv_ms(s);
  if (data && ack) return std::min(*data, *ack);
  return data ? data : ack;
}

bool synchronized(TcpState state) {
  switch (state) {
    case TcpState::Established:
    case TcpState::CloseWait:
    case TcpState::FinWait1:
    case TcpState::FinWait2:
    case TcpState::LastAck:
    case TcpState::Closing:
      return true;
    default:
      return false;
  }
}

std::optional<Signature> classify(const SocketRecord& s, const HalfOpenConfig& config) {
  if (s.proto != Proto::Tcp || !synchronized(s.state)) return std::nullopt;
  const bool orphan = s.inode == 0;
  // At least one retransmission: a retransmit timer alone only means data in flight.
  const int64_t min_retransmits = std::max<int64_t>(1, config.min_retransmits);
  if (s.timer.kind == TimerKind::Retransmit && int64_t{retransmits_of(s)} >= min_retransmits) {
    if (!orphan) return Signature::PeerUnreachable;
    if (s.state == TcpState::FinWait1 || s.state == TcpState::LastAck) return Signature::OrphanRetransmitting;
    return std::nullopt;  // orphaned CLOSING: closing_lingering's subject
  }
  // An orphaned FIN_WAIT2 runs its timeout on the keepalive timer; it sends no probes.
  if (s.timer.kind == TimerKind::Keepalive && probes_of(s) > 0 && !(orphan && s.state == TcpState::FinWait2)) {
    return Signature::KeepaliveFailing;
  }
  if (s.state == TcpState::Established && s.timer.kind == TimerKind::None) {
    auto silent = silent_ms(s);
    if (silent && *silent >= config.idle_s * 1000) return Signature::IdleNoKeepalive;
  }
  return std::nullopt;
}

// The socket a group's evidence describes: the one furthest gone.
uint64_t badness(Signature sig, const SocketRecord& s) {
  const uint64_t silent = silent_ms(s).value_or(0);
  switch (sig) {
    case Signature::PeerUnreachable:
    case Signature::OrphanRetransmitting:
      return uint64_t{retransmits_of(s)} << 32 | silent;
    case Signature::KeepaliveFailing:
      return uint64_t{probes_of(s)} << 32 | silent;
    case Signature::IdleNoKeepalive:
      return silent;
  }
  return 0;
}

struct Group {
  Signature sig = Signature::PeerUnreachable;
  conn::Owner owner;
  int64_t count = 0;
  int64_t fin_wait1 = 0, last_ack = 0;  // orphans only
  const SocketRecord* worst = nullptr;
  uint64_t worst_badness = 0;
  EndpointCounts peers;
  std::vector<uint64_t> cookies;
};

std::string endpoint_text(const SocketRecord& s, const Endpoint& e) { return format_endpoint(s.family, e); }

std::string plural(int64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

nlohmann::ordered_json optional_int(const std::optional<int64_t>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

void put_worst(nlohmann::ordered_json& e, const SocketRecord& w) {
  e["peer"] = endpoint_text(w, w.remote);
  e["local"] = endpoint_text(w, w.local);
  e["state"] = std::string(tcp_state_name(w.state));
}

void peer_unreachable(Finding& f, const Group& g, const Sysctls& sysctls) {
  const SocketRecord& w = *g.worst;
  const uint32_t retransmits = retransmits_of(w);
  std::optional<double> give_up_after;
  if (sysctls.tcp_retries2 && *sysctls.tcp_retries2 >= 0) give_up_after = model_timeout_s(*sysctls.tcp_retries2);
  std::optional<double> retransmitting;
  if (auto ms = conn::total_rto_time_ms(w); ms && *ms > 0) retransmitting = *ms / 1000.0;
  std::optional<double> give_up_in;
  if (give_up_after && retransmitting) give_up_in = std::max(0.0, *give_up_after - *retransmitting);
  std::optional<double> last_ack;
  if (auto ms = conn::last_ack_recv_ms(w)) last_ack = *ms / 1000.0;

  f.severity = Severity::Warning;
  f.summary = fmt::format("{} has {} whose peer stopped acknowledging, worst {} after {}",
                          conn::owner_subject(g.owner), plural(g.count, "connection", "connections"),
                          endpoint_text(w, w.remote), plural(retransmits, "retransmission", "retransmissions"));
  if (give_up_in) f.summary += fmt::format(" (kernel gives up in about {})", age_text(*give_up_in));

  auto& e = f.evidence;
  put_worst(e, w);
  e["retransmits"] = retransmits;
  e["backoff"] = w.has_tcp_info() ? nlohmann::ordered_json(w.tcp_info.backoff) : nullptr;
  e["rto_ms"] = w.has_tcp_info() ? nlohmann::ordered_json(w.tcp_info.rto / 1000) : nullptr;
  e["unacked_segments"] = w.has_tcp_info() ? nlohmann::ordered_json(w.tcp_info.unacked) : nullptr;
  e["send_q_bytes"] = w.send_q;
  e["last_ack_recv_s"] = conn::seconds_or_null(last_ack);
  e["retransmitting_s"] = conn::seconds_or_null(retransmitting);
  e["tcp_retries2"] = optional_int(sysctls.tcp_retries2);
  e["gives_up_after_s"] = conn::seconds_or_null(give_up_after);
  e["gives_up_in_s"] = conn::seconds_or_null(give_up_in);

  f.advice = fmt::format(
      "The kernel keeps retransmitting unacknowledged data to these peers with exponential backoff: the peer "
      "stopped answering without a FIN or RST (host down, path or firewall dropping, a NAT or conntrack entry "
      "expired). It gives up {} after the first retransmission (net.ipv4.tcp_retries2) and the application then "
      "gets ETIMEDOUT; until then its reads and writes wait. Check the path to the peer (ping, `ip route get`, "
      "firewalls); to fail sooner set TCP_USER_TIMEOUT on the socket or lower tcp_retries2 (8 is about 100 s).",
      give_up_after ? fmt::format("about {} s", std::round(*give_up_after * 10) / 10) : std::string("some minutes"));
}

void keepalive_failing(Finding& f, const Group& g, const Sysctls& sysctls) {
  const SocketRecord& w = *g.worst;
  const uint32_t probes = probes_of(w);
  const double next_probe_s = w.timer.expires_ms / 1000.0;
  std::optional<double> give_up_in;
  if (sysctls.tcp_keepalive_probes && sysctls.tcp_keepalive_intvl && *sysctls.tcp_keepalive_probes >= probes) {
    give_up_in = next_probe_s + static_cast<double>(*sysctls.tcp_keepalive_probes - probes) *
                                    static_cast<double>(*sysctls.tcp_keepalive_intvl);
  }

  f.severity = Severity::Warning;
  f.summary = fmt::format("{} has {} with unanswered keepalive probes, worst {} ({} sent)",
                          conn::owner_subject(g.owner), plural(g.count, "connection", "connections"),
                          endpoint_text(w, w.remote), plural(probes, "probe", "probes"));

  auto& e = f.evidence;
  put_worst(e, w);
  e["probes_sent"] = probes;
  e["next_probe_in_s"] = conn::seconds_or_null(next_probe_s);
  std::optional<double> last_ack;
  if (auto ms = conn::last_ack_recv_ms(w)) last_ack = *ms / 1000.0;
  e["last_ack_recv_s"] = conn::seconds_or_null(last_ack);
  e["keepalive_probes_default"] = optional_int(sysctls.tcp_keepalive_probes);
  e["keepalive_intvl_default_s"] = optional_int(sysctls.tcp_keepalive_intvl);
  e["gives_up_in_s"] = conn::seconds_or_null(give_up_in);

  f.advice =
      "These connections went idle and their keepalive probes are not answered: the peer host is gone, or "
      "something on the path drops the probes (a stateful firewall or NAT that forgot the flow). After TCP_KEEPCNT "
      "unanswered probes, TCP_KEEPINTVL apart, the kernel resets the connection and the application gets "
      "ETIMEDOUT. The give-up time assumes the defaults net.ipv4.tcp_keepalive_probes and tcp_keepalive_intvl; a "
      "socket's own TCP_KEEPCNT, TCP_KEEPINTVL or TCP_USER_TIMEOUT override them. Check the path to the peers.";
}

void idle_no_keepalive(Finding& f, const Group& g, const HalfOpenConfig& config) {
  const SocketRecord& w = *g.worst;
  const double idle_s = silent_ms(w).value_or(0) / 1000.0;

  f.severity = Severity::Info;
  f.summary = fmt::format("{} has {} without keepalive that received nothing for over {}, longest {} ({})",
                          conn::owner_subject(g.owner), plural(g.count, "connection", "connections"),
                          age_text(config.idle_s), age_text(idle_s),
                          endpoint_text(w, w.remote));

  auto& e = f.evidence;
  put_worst(e, w);
  e["longest_idle_s"] = conn::seconds_or_null(idle_s);

  f.advice =
      "Nothing has arrived on these connections for a long time and they have no keepalive, so if the peer "
      "vanished (host crash, NAT or firewall idle timeout, a pulled link) nothing will ever notice: they stay "
      "ESTABLISHED and hold their fds and memory until the application closes them. Enable SO_KEEPALIVE with "
      "TCP_KEEPIDLE below the idle timeout of any NAT or firewall on the path, or use an application heartbeat or "
      "idle timeout. Healthy idle connections (pools, admin sessions) are listed too.";
}

void orphan_retransmitting(Finding& f, const Group& g) {
  const SocketRecord& w = *g.worst;
  f.severity = Severity::Info;
  f.summary = fmt::format("{} closed by their application keep retransmitting a FIN nobody acknowledges, worst {} "
                          "after {}",
                          plural(g.count, "orphaned socket", "orphaned sockets"), endpoint_text(w, w.remote),
                          plural(retransmits_of(w), "retransmission", "retransmissions"));

  auto& e = f.evidence;
  put_worst(e, w);
  e["fin_wait1"] = g.fin_wait1;
  e["last_ack"] = g.last_ack;
  e["retransmits"] = retransmits_of(w);
  std::optional<double> last_ack;
  if (auto ms = conn::last_ack_recv_ms(w)) last_ack = *ms / 1000.0;
  e["last_ack_recv_s"] = conn::seconds_or_null(last_ack);

  f.advice =
      "The application closed these sockets and the kernel is still trying to deliver its FIN (FIN_WAIT1) or get "
      "it acknowledged (LAST_ACK) to peers that no longer answer. The kernel drops each after "
      "net.ipv4.tcp_orphan_retries retransmissions (0, the default, means 8: about 100 s at the minimum RTO), or "
      "at once when there are more than tcp_max_orphans. Many of them mean peers vanish without closing (mobile "
      "clients, a broken path): check the peers listed. Where losing unsent data is acceptable, SO_LINGER with a "
      "zero timeout makes close() send a RST instead.";
}

Finding finding_of(Group& g, const DetectorInput& input) {
  const Sysctls& sysctls = input.snapshot.system.sysctls;
  const bool host = g.sig == Signature::OrphanRetransmitting;

  Finding f;
  f.kind = std::string(kKind);
  f.id = fmt::format("{}:{}:{}", kKind, name_of(g.sig), host ? std::string("host") : conn::owner_key(g.owner));
  f.subject = host ? std::string("host") : conn::owner_subject(g.owner);

  auto& e = f.evidence;
  e["signature"] = std::string(name_of(g.sig));
  if (!host) conn::put_owner(e, g.owner);
  e["count"] = g.count;
  switch (g.sig) {
    case Signature::PeerUnreachable:
      peer_unreachable(f, g, sysctls);
      break;
    case Signature::KeepaliveFailing:
      keepalive_failing(f, g, sysctls);
      break;
    case Signature::IdleNoKeepalive:
      idle_no_keepalive(f, g, input.config.half_open);
      break;
    case Signature::OrphanRetransmitting:
      orphan_retransmitting(f, g);
      break;
  }
  e["peers"] = g.peers.top(kListedPeers, "address");

  f.sockets = std::move(g.cookies);
  finish_socket_list(f.sockets);
  return f;
}

}  // namespace

void detect_half_open(const DetectorInput& input, std::vector<Finding>& out) {
  const HalfOpenConfig& config = input.config.half_open;
  if (!config.enabled) return;

  std::map<std::pair<Signature, int32_t>, Group> groups;
  for (const SocketRecord& socket : input.snapshot.sockets) {
    const std::optional<Signature> sig = classify(socket, config);
    if (!sig) continue;
    const conn::Owner owner =
        *sig == Signature::OrphanRetransmitting ? conn::Owner{} : conn::first_owner(input.snapshot, socket);
    Group& g = groups[{*sig, owner.pid}];
    g.sig = *sig;
    g.owner = owner;
    ++g.count;
    if (socket.state == TcpState::FinWait1) ++g.fin_wait1;
    if (socket.state == TcpState::LastAck) ++g.last_ack;
    const uint64_t bad = badness(*sig, socket);
    if (g.worst == nullptr || bad > g.worst_badness) {
      g.worst = &socket;
      g.worst_badness = bad;
    }
    g.peers.add_address(socket.family, socket.remote);
    g.cookies.push_back(socket.cookie);
  }

  for (auto& [key, group] : groups) out.push_back(finding_of(group, input));
}

}  // namespace sockscope

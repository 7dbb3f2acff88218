// The timer part: which kernel timer runs on this socket, what its count
// means, and when it ends. Timer codes and counts are inet_diag's
// (idiag_timer, idiag_retrans, idiag_expires).
#include <fmt/format.h>

#include "explain/duration_text.h"
#include "explain/socket_parts.h"
#include "explain/tcp_timeouts.h"

namespace sockscope::explain_detail {

namespace {

std::string expires_text(const TimerInfo& timer) { return duration_text(timer.expires_ms / 1000.0); }

// "tcp_retries2 = 15" or "tcp_retries2 = 15, the kernel default" when the poll could not read it.
std::string sysctl_value(std::string_view name, const std::optional<int64_t>& value, int64_t fallback) {
  if (value) return fmt::format("{} = {}", name, *value);
  return fmt::format("{} = {}, the kernel default", name, fallback);
}

std::string give_up_text(const ExplainContext& c) {
  if (is_orphan(c.socket)) {
    return fmt::format(
        "The application has closed this socket, so tcp_orphan_retries limits the retransmissions "
        "(default 0, which means {}): the kernel gives up about {} after the first one.",
        kDefaultOrphanRetries, duration_text(retransmit_give_up_s(kDefaultOrphanRetries)));
  }
  int64_t retries = c.sysctls.tcp_retries2.value_or(kDefaultRetries2);
  return fmt::format(
      "The kernel gives up when retransmissions stay unanswered for {:.1f} s ({}) after the first "
      "one ({}), unless the application set TCP_USER_TIMEOUT; the application then gets ETIMEDOUT.",
      retransmit_give_up_s(retries), duration_text(retransmit_give_up_s(retries)),
      sysctl_value("tcp_retries2", c.sysctls.tcp_retries2, kDefaultRetries2));
}

Paragraphs retransmit_timer(const ExplainContext& c) {
  const SocketRecord& s = c.socket;
  const TimerInfo& t = s.timer;
  if (s.state == TcpState::SynSent) {
    return {fmt::format("Resending the SYN: {} so far, the next in {}.", count_text(t.count, "resend"),
                        expires_text(t)),
            fmt::format("connect() fails with ETIMEDOUT after tcp_syn_retries resends (default {}): about "
                        "{:.0f} s after the first SYN, or {:.0f} s on Linux 6.5 and later, which adds "
                        "tcp_syn_linear_timeouts (default {}) resends 1 s apart first.",
                        kDefaultSynRetries, syn_give_up_s(kDefaultSynRetries, 0),
                        syn_give_up_s(kDefaultSynRetries, kDefaultSynLinearTimeouts), kDefaultSynLinearTimeouts)};
  }
  if (user_visible(s.state) == TcpState::SynRecv) {
    return {fmt::format("Resending the SYN-ACK: {} so far, the next in {}.", count_text(t.count, "resend"),
                        expires_text(t)),
            fmt::format("The request is dropped after tcp_synack_retries resends (default {}): about {:.0f} s "
                        "after the SYN arrived, or sooner when the listener's pending requests pass half "
                        "its backlog.",
                        kDefaultSynackRetries, retransmit_give_up_s(kDefaultSynackRetries, kTcpTimeoutInitS))};
  }
  const bool fin_sent = s.state == TcpState::FinWait1 || s.state == TcpState::LastAck || s.state == TcpState::Closing;
  std::string what = fin_sent ? "this end's FIN (and any data before it)" : "sent data";
  Paragraphs out;
  if (t.count == 0) {
    out.push_back(fmt::format("The retransmit timer runs because {} awaits acknowledgement; nothing has been "
                              "retransmitted yet (the same timer schedules loss probes). It fires next in {}.",
                              what, expires_text(t)));
  } else {
    out.push_back(fmt::format("Retransmitting {}: {} without an acknowledgement so far, the next in {}.", what,
                              count_text(t.count, "retransmission"), expires_text(t)));
  }
  if (s.has_tcp_info() && s.tcp_info.rto > 0) {
    out.push_back(fmt::format("The retransmission timeout is now {}{}.", duration_text(s.tcp_info.rto / 1e6),
                              s.tcp_info.backoff > 0
                                  ? fmt::format(", after {} of backoff", count_text(s.tcp_info.backoff, "doubling"))
                                  : std::string()));
  }
  out.push_back(give_up_text(c));
  return out;
}

Paragraphs keepalive_timer(const ExplainContext& c) {
  const SocketRecord& s = c.socket;
  const TimerInfo& t = s.timer;
  if (s.state == TcpState::FinWait2 && is_orphan(s)) {
    return {fmt::format("The application has closed this socket. Its FIN_WAIT2 timeout ({} s) is running; the "
                        "timer fires next in {}, and the kernel then drops the socket or keeps it as a "
                        "minisocket for the rest of the timeout.",
                        c.sysctls.tcp_fin_timeout.value_or(kDefaultFinTimeout), expires_text(t))};
  }
  const KeepaliveSchedule k = keepalive_schedule(c.sysctls);
  const bool host_values =
      c.sysctls.tcp_keepalive_time && c.sysctls.tcp_keepalive_intvl && c.sysctls.tcp_keepalive_probes;
  Paragraphs out;
  if (t.count == 0) {
    out.push_back(fmt::format("Keepalive is on (SO_KEEPALIVE). No probe is outstanding; the timer fires next in "
                              "{} (it checks for idleness, and probes once the connection has been quiet "
                              "long enough).",
                              expires_text(t)));
  } else {
    out.push_back(fmt::format("Keepalive is on (SO_KEEPALIVE) and {} gone unanswered; the next in {}.",
                              t.count == 1 ? std::string("1 probe has") : fmt::format("{} probes have", t.count),
                              expires_text(t)));
  }
  out.push_back(fmt::format(
      "{}: probing starts after {} s without traffic (tcp_keepalive_time), repeats every {} s "
      "(tcp_keepalive_intvl), and after {} unanswered probes (tcp_keepalive_probes) the connection is reset, "
      "so a dead peer is noticed about {} after it went quiet. The application can set its own values per "
      "socket (TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT); the kernel does not report them here.",
      host_values ? "With this host's settings" : "With the kernel defaults", k.idle_s, k.interval_s, k.probes,
      duration_text(static_cast<double>(k.dead_after_s()))));
  if (t.count > 0 && static_cast<int64_t>(t.count) < k.probes) {
    const auto left = static_cast<uint64_t>(k.probes) - t.count;
    out.push_back(fmt::format("{} more {} unanswered and the connection is reset (by the settings above).", left,
                              left == 1 ? "probe" : "probes"));
  }
  return out;
}

Paragraphs time_wait_timer(const ExplainContext& c) {
  const SocketRecord& s = c.socket;
  const double left_s = s.timer.expires_ms / 1000.0;
  if (s.state == TcpState::FinWait2) {
    return {fmt::format("The application has closed this socket and the kernel keeps it as a minisocket for at "
                        "most tcp_fin_timeout ({} s): it drops it in {} unless the peer's FIN comes first.",
                        c.sysctls.tcp_fin_timeout.value_or(kDefaultFinTimeout), duration_text(left_s))};
  }
  Paragraphs out{fmt::format("The TIME_WAIT timer ends in {}, and the kernel then forgets the connection.",
                             duration_text(left_s))};
  if (left_s <= kTimeWaitS) {
    out.push_back(fmt::format("TIME_WAIT always lasts 60 s (TCP_TIMEWAIT_LEN), so this one began about {} ago "
                              "(the timer restarts if the peer's FIN comes again). tcp_fin_timeout does not "
                              "shorten it.",
                              duration_text(kTimeWaitS - left_s)));
  }
  return out;
}

Paragraphs zero_window_timer(const ExplainContext& c) {
  const SocketRecord& s = c.socket;
  int64_t limit = c.sysctls.tcp_retries2.value_or(kDefaultRetries2);
  return {
      fmt::format("Zero-window probes: the peer advertises a zero receive window (its application is not "
                  "reading), so this end holds data it may not send and probes the window instead. {} since the "
                  "peer last answered; the next in {}.",
                  count_text(s.timer.count, "probe"), expires_text(s.timer)),
      fmt::format("Each answer resets the count, and the probes come less and less often (at most every "
                  "{:.0f} s). While the peer answers, the kernel waits indefinitely; if {} probes in a row go "
                  "unanswered ({}), it gives up{}.",
                  kTcpRtoMaxS, limit, sysctl_value("tcp_retries2", c.sysctls.tcp_retries2, kDefaultRetries2),
                  is_orphan(s) ? " (sooner here: tcp_orphan_retries applies, since the application has closed "
                                 "the socket)"
                               : "")};
}

Paragraphs no_timer(const ExplainContext& c) {
  const SocketRecord& s = c.socket;
  switch (s.state) {
    case TcpState::CloseWait:
      return {"No timer: CLOSE_WAIT has no kernel timeout, and keepalive is off on this socket. It ends only "
              "when the application closes it (or its process exits)."};
    case TcpState::Established:
      return {"No timer runs: nothing awaits acknowledgement and keepalive is off. If the peer vanished while "
              "the connection is idle, this socket would stay ESTABLISHED until the application sends "
              "something or closes it."};
    case TcpState::FinWait2:
      return {"No timer runs: the application still holds the socket (it shut down writing), so it waits for "
              "the peer's FIN as long as it takes. tcp_fin_timeout applies only once the application closes "
              "it."};
    case TcpState::Listen:
      return {"No timer runs on a listener; each pending handshake (SYN_RECV) has its own."};
    default:
      return {"No timer is running."};
  }
}

}  // namespace

Paragraphs timer_part(const ExplainContext& c) {
  if (c.socket.proto == Proto::Udp) return {"None: UDP has no timers and no retransmission."};
  switch (c.socket.timer.kind) {
    case TimerKind::Retransmit: return retransmit_timer(c);
    case TimerKind::Keepalive: return keepalive_timer(c);
    case TimerKind::TimeWait: return time_wait_timer(c);
    case TimerKind::ZeroWindowProbe: return zero_window_timer(c);
    case TimerKind::None: break;
  }
  return no_timer(c);
}

}  // namespace sockscope::explain_detail

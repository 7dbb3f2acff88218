// The advice part: the state's general advice, then what this socket's own
// figures add (its owner, its age, an unanswered timer).
#include <fmt/format.h>

#include <cmath>

#include "explain/duration_text.h"
#include "explain/socket_parts.h"
#include "explain/state_knowledge.h"

namespace sockscope::explain_detail {

namespace {

std::string owner_name(const ExplainContext& c) {
  const ProcessRef& first = c.owners.front();
  return fmt::format("{} (pid {})", printable(first.comm), first.pid);
}

bool listener_near_full(const SocketRecord& s, double queue_pct) {
  if (s.recv_q > s.send_q) return true;
  return s.recv_q > 0 && 100.0 * s.recv_q >= queue_pct * s.send_q;
}

void add_tcp_advice(const ExplainContext& c, Paragraphs& out) {
  const SocketRecord& s = c.socket;
  const std::string peer = endpoint_text(s.family, s.remote);
  if (s.state == TcpState::CloseWait) {
    if (!c.owners.empty()) out.push_back("Start with " + owner_name(c) + ": it holds this socket.");
    if (c.state_age_s && *c.state_age_s >= c.thresholds.close_wait_buildup.max_age_s) {
      out.push_back(fmt::format("After {} in CLOSE_WAIT this is long past any orderly shutdown: the application "
                                "has lost track of the connection.",
                                duration_text(*c.state_age_s)));
    }
  }
  if (s.state == TcpState::Listen && listener_near_full(s, c.thresholds.listen_overflow.queue_pct) && !c.owners.empty()) {
    out.push_back("The application to look at: " + owner_name(c) + ".");
  }
  const TimerInfo& t = s.timer;
  const bool many = static_cast<int64_t>(t.count) >= c.thresholds.half_open.min_retransmits;
  if (t.kind == TimerKind::Retransmit && many) {
    if (s.state == TcpState::SynSent) {
      out.push_back(fmt::format("{} does not answer the SYNs: check that it is up and that nothing on the way "
                                "drops them.",
                                peer));
    } else if (user_visible(s.state) != TcpState::SynRecv) {
      out.push_back(fmt::format("With {} unanswered, the peer {} is probably down or unreachable: check the path "
                                "to it (routes, firewalls) before the kernel gives up.",
                                count_text(t.count, "retransmission"), peer));
    }
  }
  if (t.kind == TimerKind::ZeroWindowProbe) {
    out.push_back(fmt::format("The peer's application is not reading: look at {}, not at this host.", peer));
  }
  if (t.kind == TimerKind::Keepalive && t.count > 0 && !is_orphan(s)) {
    out.push_back(fmt::format("Keepalive probes to {} go unanswered: the peer is probably gone, and the kernel "
                              "will reset the connection.",
                              peer));
  }
}

}  // namespace

Paragraphs advice_part(const ExplainContext& c) {
  const SocketRecord& s = c.socket;
  Paragraphs out = split_paragraphs(s.proto == Proto::Udp ? udp_knowledge().advice : tcp_knowledge(s.state).advice);
  if (s.proto == Proto::Tcp) add_tcp_advice(c, out);
  return out;
}

}  // namespace sockscope::explain_detail

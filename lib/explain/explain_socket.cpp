#include <fmt/format.h>

#include <algorithm>

#include "explain/duration_text.h"
#include "explain/explanation.h"
#include "explain/socket_parts.h"
#include "explain/state_knowledge.h"

namespace sockscope {

namespace {

using namespace explain_detail;

bool has_peer(const SocketRecord& s) { return s.remote.port != 0 || !is_unspecified(s.family, s.remote); }

std::string socket_title(const SocketRecord& s) {
  std::string title = fmt::format("{} {} {}", proto_name(s.proto), state_label(s), endpoint_text(s.family, s.local));
  if (has_peer(s)) title += " -> " + endpoint_text(s.family, s.remote);
  return title;
}

Paragraphs udp_meaning(const SocketRecord& s) {
  if (s.state == TcpState::Established) {
    return {fmt::format("A connected UDP socket: the application called connect() to {}, so the kernel delivers it "
                        "only that peer's datagrams and send() goes there by default. UDP has no handshake, so "
                        "the peer may not even exist.",
                        endpoint_text(s.family, s.remote))};
  }
  return {fmt::format("An unconnected UDP socket on {}: it takes datagrams from any sender (a server, or a client "
                      "using sendto()). UDP has no connections and no states; UNCONN only says that no peer is "
                      "fixed.",
                      endpoint_text(s.family, s.local))};
}

// Who closed first, in this socket's own addresses.
Paragraphs how_it_got_here(const SocketRecord& s, const StateKnowledge& k) {
  Paragraphs out;
  const std::string local = endpoint_text(s.family, s.local);
  const std::string peer = endpoint_text(s.family, s.remote);
  switch (s.state) {
    case TcpState::FinWait1:
    case TcpState::FinWait2:
      out.push_back(fmt::format("Who closed first: this end, {} (the peer is {}).", local, peer));
      break;
    case TcpState::TimeWait:
      out.push_back(fmt::format("Who closed first: this end, {}, or both ends at once (the peer is {}).", local,
                                peer));
      break;
    case TcpState::CloseWait:
    case TcpState::LastAck:
      out.push_back(fmt::format("Who closed first: the peer, {}.", peer));
      break;
    case TcpState::Closing:
      out.push_back(fmt::format("Who closed first: both ends at once, {} and {}.", local, peer));
      break;
    default:
      break;
  }
  if (awaits_accept(s)) {
    out.push_back("The handshake is complete, but no accept() has taken the connection from the listener yet.");
  }
  Paragraphs general = split_paragraphs(k.how);
  out.insert(out.end(), general.begin(), general.end());
  return out;
}

Paragraphs what_next(const SocketRecord& s, const StateKnowledge& k) {
  Paragraphs out = split_paragraphs(k.next);
  const double left_s = s.timer.expires_ms / 1000.0;
  if (s.timer.kind != TimerKind::TimeWait) return out;
  if (s.state == TcpState::TimeWait && !out.empty()) {
    out.front() = fmt::format("It disappears in about {}.", duration_text(left_s));
  } else if (s.state == TcpState::FinWait2) {
    out = {fmt::format("The peer's FIN would move it to TIME_WAIT; otherwise the kernel drops it in about {}.",
                       duration_text(left_s))};
  }
  return out;
}

std::vector<Finding> naming(std::span<const Finding> findings, uint64_t cookie) {
  std::vector<Finding> out;
  for (const Finding& f : findings) {
    if (std::find(f.sockets.begin(), f.sockets.end(), cookie) != f.sockets.end()) out.push_back(f);
  }
  std::stable_sort(out.begin(), out.end(), worse_first);
  return out;
}

}  // namespace

Explanation explain_socket(const ExplainContext& c) {
  const SocketRecord& s = c.socket;
  const StateKnowledge& k = s.proto == Proto::Udp ? udp_knowledge() : tcp_knowledge(s.state);
  Explanation e;
  e.title = socket_title(s);
  e.proto = s.proto;
  e.state = s.state;
  e.socket = ExplainedSocket{s, std::vector<ProcessRef>(c.owners.begin(), c.owners.end())};
  e.state_age_s = c.state_age_s;

  e.meaning = s.proto == Proto::Udp ? udp_meaning(s) : split_paragraphs(k.meaning);
  e.how_it_got_here = s.proto == Proto::Udp ? split_paragraphs(k.how) : how_it_got_here(s, k);
  e.timer = timer_part(c);
  e.next = what_next(s, k);
  e.queues = queues_part(c);
  e.memory = memory_part(c);
  e.shutdown = shutdown_part(s);
  e.owner = owner_part(c);
  e.age = age_part(c);
  e.findings = naming(c.findings, s.cookie);
  e.advice = advice_part(c);
  return e;
}

}  // namespace sockscope

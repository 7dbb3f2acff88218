#include <string>

#include "explain/explanation.h"
#include "explain/socket_parts.h"
#include "explain/state_knowledge.h"

namespace sockscope {

Explanation explain_state(Proto proto, TcpState state) {
  using explain_detail::split_paragraphs;
  Explanation e;
  e.proto = proto;
  const StateKnowledge& k = proto == Proto::Udp ? udp_knowledge() : tcp_knowledge(state);
  if (proto == Proto::Udp) {
    e.title = "UDP sockets";
  } else {
    e.state = user_visible(state);
    e.title = "TCP state " + std::string(k.label);
  }
  e.meaning = split_paragraphs(k.meaning);
  e.how_it_got_here = split_paragraphs(k.how);
  e.timer = split_paragraphs(k.timer);
  e.next = split_paragraphs(k.next);
  e.queues = split_paragraphs(k.queues);
  e.advice = split_paragraphs(k.advice);
  return e;
}

}  // namespace sockscope

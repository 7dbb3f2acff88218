// What each TCP state (and UDP) means in general: the fixed text every
// explanation starts from. Paragraphs are separated by '\n'.
#pragma once

#include <string_view>

#include "model/tcp_state.h"

namespace sockscope {

struct StateKnowledge {
  std::string_view label;    // how titles name it: "CLOSE_WAIT", "UDP"
  std::string_view meaning;  // what the state is
  std::string_view how;      // how a socket gets there, and who closed first
  std::string_view timer;    // which timer runs and when it ends (host defaults)
  std::string_view next;     // what happens next
  std::string_view queues;   // what Recv-Q and Send-Q count in this state
  std::string_view advice;   // what to do about it
};

// NewSynRecv is a SYN_RECV request socket and gets SYN_RECV's text; an
// unknown value gets a short entry that says so.
const StateKnowledge& tcp_knowledge(TcpState state);
const StateKnowledge& udp_knowledge();

}  // namespace sockscope

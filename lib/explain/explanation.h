// Explanations: what a socket's state means, how it got there, what happens
// next and when, and what to do, in plain words. Pure: built from values a
// poll (and, in the daemon, the tracker and the detectors) already has.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "detect/detector_config.h"
#include "detect/finding.h"
#include "model/endpoint.h"
#include "model/process.h"
#include "model/socket_record.h"
#include "model/system_view.h"

namespace sockscope {

// The socket an explanation is about, as the poll saw it.
struct ExplainedSocket {
  SocketRecord record;
  std::vector<ProcessRef> owners;
};

// Each part is a list of paragraphs; an empty list means the part does not
// apply (nothing to say about memory when the kernel gave no figures). A
// paragraph starting with "- " is a list item.
struct Explanation {
  std::string title;                     // "tcp CLOSE_WAIT 10.0.0.1:80 -> 10.0.0.2:5000"
  Proto proto = Proto::Tcp;
  std::optional<TcpState> state;         // as the kernel names it; unset for UDP in general
  std::optional<ExplainedSocket> socket;  // unset when explaining a state in general
  std::optional<double> state_age_s;     // seconds in this state, when the daemon knows

  std::vector<std::string> meaning;
  std::vector<std::string> how_it_got_here;
  std::vector<std::string> timer;
  std::vector<std::string> next;
  std::vector<std::string> queues;
  std::vector<std::string> memory;
  std::vector<std::string> shutdown;
  std::vector<std::string> owner;
  std::vector<std::string> age;
  std::vector<Finding> findings;  // those that name this socket, worst first
  std::vector<std::string> advice;
};

// A state in general, with the host defaults. For UDP `state` is ignored:
// UDP has no states, and the text covers connected and unconnected sockets.
Explanation explain_state(Proto proto, TcpState state);

struct ExplainContext {
  const SocketRecord& socket;
  std::span<const ProcessRef> owners;  // empty: no known owner
  const Sysctls& sysctls;              // each figure optional; defaults fill the gaps
  std::optional<double> state_age_s;   // the daemon's tracker supplies it
  // Every current finding; those whose `sockets` hold this cookie are kept.
  std::span<const Finding> findings;
  // The thresholds in use, so "nearly full" and "old" mean what the
  // detectors mean by them.
  const DetectorsConfig& thresholds;
};

Explanation explain_socket(const ExplainContext& context);

}  // namespace sockscope

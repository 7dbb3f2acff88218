#include <optional>
#include <string>

#include "track/history.h"

namespace sockscope {

namespace {

void count_sockets(const std::vector<SocketRecord>& sockets, PollAggregate& out) {
  for (const SocketRecord& socket : sockets) {
    if (socket.proto == Proto::Udp) {
      // UDP borrows TCP's state numbers: CLOSE is unconnected, ESTABLISHED connected.
      if (socket.state == TcpState::Established) {
        ++out.udp_connected;
      } else if (socket.state == TcpState::Close) {
        ++out.udp_unconnected;
      }
      continue;
    }
    auto index = static_cast<size_t>(user_visible(socket.state));
    if (index >= out.tcp_states.size()) index = static_cast<size_t>(TcpState::Unknown);
    ++out.tcp_states[index];
  }
}

int64_t or_unknown(std::optional<int64_t> value) { return value.value_or(-1); }

void copy_sockstat(const Sockstat& sockstat, PollAggregate& out) {
  out.sockstat_tcp_inuse = or_unknown(sockstat.get("TCP", "inuse"));
  out.sockstat_tcp_orphan = or_unknown(sockstat.get("TCP", "orphan"));
  out.sockstat_tcp_tw = or_unknown(sockstat.get("TCP", "tw"));
  out.sockstat_tcp_mem = or_unknown(sockstat.get("TCP", "mem"));
  out.sockstat_tcp6_inuse = or_unknown(sockstat.get("TCP6", "inuse"));
}

void counter_deltas(const Counters& current, const Counters* previous, PollAggregate& out) {
  for (size_t i = 0; i < kHistoryCounters.size(); ++i) {
    out.counter_deltas[i] = -1;
    if (previous == nullptr) continue;
    const std::string name = kHistoryCounters[i];
    auto now = current.get(name);
    auto before = previous->get(name);
    // A counter that went backwards was reset: the true count since the last poll is unknown.
    if (now && before && *now >= *before) out.counter_deltas[i] = *now - *before;
  }
}

}  // namespace

PollAggregate aggregate_poll(const Snapshot& snapshot, const Counters* previous) {
  PollAggregate out;
  out.taken_at = snapshot.taken_at;
  out.poll_duration = snapshot.poll_duration;
  count_sockets(snapshot.sockets, out);
  copy_sockstat(snapshot.system.sockstat, out);
  counter_deltas(snapshot.system.counters, previous, out);
  return out;
}

}  // namespace sockscope

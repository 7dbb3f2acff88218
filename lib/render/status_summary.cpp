#include "render/status_summary.h"

namespace sockscope {

std::string_view memory_zone_name(MemoryZone zone) {
  switch (zone) {
    case MemoryZone::Normal: return "normal";
    case MemoryZone::AboveMin: return "above min";
    case MemoryZone::Pressure: return "pressure";
    case MemoryZone::Unknown: break;
  }
  return "unknown";
}

// Mirrors __sk_mem_raise_allocated(): "<= min" leaves pressure, "> pressure" enters it.
MemoryZone classify_tcp_mem(int64_t in_use_pages, const Triple& tcp_mem) {
  if (in_use_pages <= tcp_mem.min) return MemoryZone::Normal;
  if (in_use_pages <= tcp_mem.def) return MemoryZone::AboveMin;
  return MemoryZone::Pressure;
}

namespace {

void count(StateCounts& counts, TcpState state) {
  auto index = static_cast<size_t>(user_visible(state));
  if (index >= counts.by_state.size()) index = static_cast<size_t>(TcpState::Unknown);
  ++counts.by_state[index];
  ++counts.total;
}

void add_queues(QueueTotals& totals, const SocketRecord& socket) {
  totals.recv_q += socket.recv_q;
  totals.send_q += socket.send_q;
  totals.with_recv_q += socket.recv_q > 0;
  totals.with_send_q += socket.send_q > 0;
}

}  // namespace

StatusSummary summarize_status(const Snapshot& snapshot) {
  StatusSummary summary;
  summary.taken_at = snapshot.taken_at;
  summary.poll_duration = snapshot.poll_duration;
  summary.sockstat = snapshot.system.sockstat;
  summary.sysctls = snapshot.system.sysctls;
  summary.dump = snapshot.dump;

  for (const auto& socket : snapshot.sockets) {
    bool tcp = socket.proto == Proto::Tcp;
    count(tcp ? summary.tcp : summary.udp, socket.state);
    if (tcp && socket.state == TcpState::Listen) {
      ++summary.listen.listeners;
      summary.listen.accept_queue += socket.recv_q;
      summary.listen.backlog += socket.send_q;
      // sk_acceptq_is_full(): the queue may hold one more than the limit.
      summary.listen.full += socket.recv_q > socket.send_q;
    } else {
      add_queues(tcp ? summary.tcp_queues : summary.udp_queues, socket);
    }
  }

  TcpMemory& mem = summary.tcp_mem;
  mem.limits = summary.sysctls.tcp_mem;
  mem.in_use_pages = summary.sockstat.get("TCP", "mem");
  mem.page_size = summary.sysctls.page_size;
  if (mem.limits && mem.in_use_pages) {
    mem.zone = classify_tcp_mem(*mem.in_use_pages, *mem.limits);
    mem.over_max = *mem.in_use_pages > mem.limits->max;
  }
  return summary;
}

}  // namespace sockscope

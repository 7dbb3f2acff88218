#include "render/status_text.h"

#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "render/state_label.h"
#include "render/units.h"

namespace sockscope {

namespace {

using Out = std::back_insert_iterator<fmt::memory_buffer>;

std::string sockets(uint64_t n) { return fmt::format("{} socket{}", n, n == 1 ? "" : "s"); }

std::string or_na(const std::optional<int64_t>& value) {
  return value ? std::to_string(*value) : std::string("n/a");
}

// Cells of "LABEL  count", four to a line.
void state_grid(Out out, const StateCounts& counts, const std::vector<TcpState>& states) {
  size_t column = 0;
  for (TcpState state : states) {
    fmt::format_to(out, "{}{:<10} {:>7}", column == 0 ? "  " : "   ", table_state_label(state), counts[state]);
    if (++column == 4) {
      fmt::format_to(out, "\n");
      column = 0;
    }
  }
  if (column != 0) fmt::format_to(out, "\n");
}

void sockets_section(Out out, const StatusSummary& s) {
  fmt::format_to(out, "TCP sockets: {}{}\n", s.tcp.total, s.dump.tcp_available ? "" : " (TCP dump unavailable)");
  state_grid(out, s.tcp,
             {TcpState::Established, TcpState::SynSent, TcpState::SynRecv, TcpState::FinWait1,
              TcpState::FinWait2, TcpState::TimeWait, TcpState::CloseWait, TcpState::LastAck,
              TcpState::Closing, TcpState::Listen, TcpState::Close});
  fmt::format_to(out, "UDP sockets: {}{}\n", s.udp.total, s.dump.udp_available ? "" : " (UDP dump unavailable)");
  state_grid(out, s.udp, {TcpState::Close, TcpState::Established});
  if (s.tcp[TcpState::Unknown] + s.udp[TcpState::Unknown] > 0) {
    fmt::format_to(out, "  unknown state: {}\n", s.tcp[TcpState::Unknown] + s.udp[TcpState::Unknown]);
  }
}

void queues_section(Out out, const StatusSummary& s) {
  fmt::format_to(out, "\nQueues (listeners excluded)\n");
  auto line = [&](std::string_view proto, const QueueTotals& q) {
    fmt::format_to(out, "  {}  recv-q {} in {}, send-q {} in {}\n", proto,
                   human_bytes(static_cast<int64_t>(q.recv_q)), sockets(q.with_recv_q),
                   human_bytes(static_cast<int64_t>(q.send_q)), sockets(q.with_send_q));
  };
  line("TCP", s.tcp_queues);
  line("UDP", s.udp_queues);
  fmt::format_to(out, "  Listeners: {}, accept queue {} waiting (limits total {}), {} full\n", s.listen.listeners,
                 s.listen.accept_queue, s.listen.backlog, s.listen.full);
}

void sockstat_section(Out out, const StatusSummary& s) {
  // inuse counts this network namespace; orphan, alloc and mem the whole host.
  fmt::format_to(out, "\nKernel (/proc/net/sockstat; orphan, alloc and mem are host-wide)\n");
  struct Line {
    const char* proto;
    std::vector<const char*> keys;
  };
  const Line lines[] = {{"TCP", {"inuse", "orphan", "tw", "alloc", "mem"}},
                        {"TCP6", {"inuse"}},
                        {"UDP", {"inuse", "mem"}},
                        {"UDP6", {"inuse"}}};
  for (const auto& line : lines) {
    fmt::format_to(out, "  {:<5}", line.proto);
    for (const char* key : line.keys) fmt::format_to(out, " {} {}", key, or_na(s.sockstat.get(line.proto, key)));
    fmt::format_to(out, "\n");
  }
}

void memory_section(Out out, const StatusSummary& s) {
  const TcpMemory& mem = s.tcp_mem;
  auto pages = [&](int64_t n) { return fmt::format("{} pages ({})", n, human_bytes(n * mem.page_size)); };
  fmt::format_to(out, "\nTCP memory\n");
  fmt::format_to(out, "  in use    {}\n", mem.in_use_pages ? pages(*mem.in_use_pages) : std::string("n/a"));
  if (mem.limits) {
    fmt::format_to(out, "  tcp_mem   min {}, pressure {}, max {}\n", pages(mem.limits->min),
                   pages(mem.limits->def), pages(mem.limits->max));
  } else {
    fmt::format_to(out, "  tcp_mem   n/a\n");
  }
  fmt::format_to(out, "  zone      {}{}\n", memory_zone_meaning(mem.zone),
                 mem.over_max ? "; over max: new socket memory is refused" : "");
  auto buffers = [&](std::string_view name, const std::optional<Triple>& t) {
    if (!t) {
      fmt::format_to(out, "  {}  n/a\n", name);
      return;
    }
    fmt::format_to(out, "  {}  min {}, default {}, max {} bytes\n", name, t->min, t->def, t->max);
  };
  buffers("tcp_rmem", s.sysctls.tcp_rmem);
  buffers("tcp_wmem", s.sysctls.tcp_wmem);
}

void limits_section(Out out, const StatusSummary& s) {
  const Sysctls& k = s.sysctls;
  fmt::format_to(out, "\nLimits\n");
  fmt::format_to(out, "  somaxconn            {}\n", or_na(k.somaxconn));
  fmt::format_to(out, "  tcp_max_syn_backlog  {}\n", or_na(k.tcp_max_syn_backlog));
  auto against = [&](const char* name, const std::optional<int64_t>& limit, const char* key) {
    fmt::format_to(out, "  {:<20} {}", name, or_na(limit));
    auto now = s.sockstat.get("TCP", key);
    if (now && limit && *limit > 0) {
      fmt::format_to(out, " (now {} {}, {:.1f}%)", key, *now, 100.0 * static_cast<double>(*now) / static_cast<double>(*limit));
    }
    fmt::format_to(out, "\n");
  };
  against("tcp_max_tw_buckets", k.tcp_max_tw_buckets, "tw");
  against("tcp_max_orphans", k.tcp_max_orphans, "orphan");
  if (k.ip_local_port_range) {
    fmt::format_to(out, "  ip_local_port_range  {}-{} ({} ports)\n", k.ip_local_port_range->low,
                   k.ip_local_port_range->high, k.ip_local_port_range->size());
  } else {
    fmt::format_to(out, "  ip_local_port_range  n/a\n");
  }
}

void poll_line(Out out, const StatusSummary& s) {
  auto ms = std::chrono::duration<double, std::milli>(s.poll_duration).count();
  fmt::format_to(out, "\nPoll: {:.1f} ms, {}; dump: tcp {}, udp {}, {} retries, {} duplicates\n", ms,
                 sockets(s.tcp.total + s.udp.total), s.dump.tcp_available ? "ok" : "unavailable",
                 s.dump.udp_available ? "ok" : "unavailable", s.dump.retries, s.dump.duplicates);
}

}  // namespace

std::string_view memory_zone_meaning(MemoryZone zone) {
  switch (zone) {
    case MemoryZone::Normal: return "normal (at or below min)";
    case MemoryZone::AboveMin:
      return "above min (below pressure; pressure mode, once entered, lasts until usage falls to min)";
    case MemoryZone::Pressure: return "pressure (above the pressure threshold: the kernel trims socket buffers)";
    case MemoryZone::Unknown: break;
  }
  return "unknown (tcp_mem or sockstat unreadable)";
}

void render_status_text(fmt::memory_buffer& out, const StatusSummary& summary) {
  Out it(out);
  sockets_section(it, summary);
  queues_section(it, summary);
  sockstat_section(it, summary);
  memory_section(it, summary);
  limits_section(it, summary);
  poll_line(it, summary);
}

}  // namespace sockscope

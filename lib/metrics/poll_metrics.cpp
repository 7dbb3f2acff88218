#include "metrics/poll_metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <map>
#include <string_view>

#include "detect/detector.h"
#include "metrics/top_lists.h"

namespace sockscope::metrics {

namespace {

using enum MetricType;

// Every TCP state a socket can be seen in, request sockets folded into
// SYN_RECV: each is exported, zero or not, so alert expressions never meet
// an absent series.
constexpr std::array kTcpStates = {
    TcpState::Established, TcpState::SynSent,  TcpState::SynRecv, TcpState::FinWait1,
    TcpState::FinWait2,    TcpState::TimeWait, TcpState::Close,   TcpState::CloseWait,
    TcpState::LastAck,     TcpState::Listen,   TcpState::Closing,
};
constexpr std::array kUdpStates = {TcpState::Close, TcpState::Established};
constexpr std::array kFamilies = {Family::Inet, Family::Inet6};
constexpr std::array kProtos = {Proto::Tcp, Proto::Udp};
constexpr std::array kSeverities = {Severity::Info, Severity::Warning, Severity::Critical};

bool usual_state(Proto proto, TcpState state) {
  if (proto == Proto::Tcp) return std::find(kTcpStates.begin(), kTcpStates.end(), state) != kTcpStates.end();
  return std::find(kUdpStates.begin(), kUdpStates.end(), state) != kUdpStates.end();
}

// Counters of /proc/net/snmp's Tcp line that are not event counts:
// CurrEstab is a gauge (exported on its own), the rest are constants.
bool is_tcp_event_counter(const std::string& key) {
  if (!key.starts_with("Tcp.") && !key.starts_with("TcpExt.")) return false;
  return key != "Tcp.CurrEstab" && key != "Tcp.RtoAlgorithm" && key != "Tcp.RtoMin" && key != "Tcp.RtoMax" &&
         key != "Tcp.MaxConn";
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void sockets_by_state(Exposition& out, const Snapshot& snapshot) {
  // [proto][family][state]
  std::array<std::array<std::array<uint64_t, kTcpStateCount>, 2>, 2> counts{};
  for (const SocketRecord& socket : snapshot.sockets) {
    const auto state = static_cast<size_t>(user_visible(socket.state));
    if (state >= kTcpStateCount) continue;
    ++counts[static_cast<size_t>(socket.proto)][static_cast<size_t>(socket.family)][state];
  }
  out.family(
      "sockscope_sockets", Gauge,
      "Sockets by protocol, address family and state (UDP: unconnected or connected), as the latest poll saw them.");
  for (Proto proto : kProtos) {
    for (Family family : kFamilies) {
      const auto& by_state = counts[static_cast<size_t>(proto)][static_cast<size_t>(family)];
      auto emit = [&](TcpState state) {
        const std::string label = state_label(proto, state);
        out.sample({{"protocol", proto_name(proto)}, {"family", family_name(family)}, {"state", label}},
                   by_state[static_cast<size_t>(state)]);
      };
      if (proto == Proto::Tcp) {
        for (TcpState state : kTcpStates) emit(state);
      } else {
        for (TcpState state : kUdpStates) emit(state);
      }
      // A state outside the usual set (Unknown) only when a socket is in it.
      for (size_t i = 0; i < by_state.size(); ++i) {
        if (by_state[i] > 0 && !usual_state(proto, static_cast<TcpState>(i))) emit(static_cast<TcpState>(i));
      }
    }
  }
}

void queue_totals(Exposition& out, const StatusSummary& summary) {
  out.family("sockscope_queued_bytes", Gauge,
             "Bytes in receive queues (received, not yet read) and send queues (not yet acknowledged or sent), "
             "summed over all sockets but listeners.");
  for (Proto proto : kProtos) {
    const QueueTotals& q = proto == Proto::Tcp ? summary.tcp_queues : summary.udp_queues;
    out.sample({{"protocol", proto_name(proto)}, {"queue", "recv"}}, q.recv_q);
    out.sample({{"protocol", proto_name(proto)}, {"queue", "send"}}, q.send_q);
  }
  out.family("sockscope_sockets_with_queued_bytes", Gauge,
             "Sockets (listeners excluded) whose receive or send queue is not empty.");
  for (Proto proto : kProtos) {
    const QueueTotals& q = proto == Proto::Tcp ? summary.tcp_queues : summary.udp_queues;
    out.sample({{"protocol", proto_name(proto)}, {"queue", "recv"}}, q.with_recv_q);
    out.sample({{"protocol", proto_name(proto)}, {"queue", "send"}}, q.with_send_q);
  }
}

void listen_totals(Exposition& out, const StatusSummary& summary) {
  out.family("sockscope_listeners", Gauge, "Listening TCP sockets.");
  out.sample(summary.listen.listeners);
  out.family("sockscope_listeners_full", Gauge,
             "Listening TCP sockets whose accept queue holds more than its backlog: new connections are dropped.");
  out.sample(summary.listen.full);
  out.family("sockscope_accept_queue", Gauge, "Connections waiting for accept(), summed over all listeners.");
  out.sample(summary.listen.accept_queue);
  out.family("sockscope_accept_backlog", Gauge, "Accept queue limits (listen() backlogs), summed over all listeners.");
  out.sample(summary.listen.backlog);
}

void top_listener_series(Exposition& out, const Snapshot& snapshot, int top_n) {
  const auto rows = top_listeners(snapshot, top_n);
  std::vector<std::string> ports;
  ports.reserve(rows.size());
  for (const ListenerRow& row : rows) ports.push_back(std::to_string(row.port));
  out.family("sockscope_listener_accept_queue", Gauge,
             "Connections waiting for accept() on one local address and port (the listeners with the most waiting).");
  for (size_t i = 0; i < rows.size(); ++i) {
    out.sample({{"address", rows[i].address}, {"port", ports[i]}}, rows[i].accept_queue);
  }
  out.family("sockscope_listener_accept_backlog", Gauge,
             "The accept queue limit of one local address and port: min(listen() backlog, net.core.somaxconn).");
  for (size_t i = 0; i < rows.size(); ++i) {
    out.sample({{"address", rows[i].address}, {"port", ports[i]}}, rows[i].backlog);
  }
  out.family("sockscope_listener_sockets", Gauge,
             "Listening sockets on one local address and port (more than one: an SO_REUSEPORT group).");
  for (size_t i = 0; i < rows.size(); ++i) {
    out.sample({{"address", rows[i].address}, {"port", ports[i]}}, rows[i].sockets);
  }
}

void process_series(Exposition& out, std::string_view name, std::string_view help,
                    const std::vector<ProcessRow>& rows) {
  out.family(name, Gauge, help);
  for (const ProcessRow& row : rows) {
    const bool known = row.pid >= 0;
    const std::string pid = known ? std::to_string(row.pid) : std::string("unknown");
    out.sample({{"pid", pid}, {"comm", known ? std::string_view(row.comm) : std::string_view("unknown")}}, row.sockets);
  }
}

void findings_series(Exposition& out, std::span<const Finding> findings) {
  std::map<std::pair<std::string_view, Severity>, uint64_t> counts;
  for (const Finding& f : findings) ++counts[{f.kind, f.severity}];
  out.family("sockscope_findings", Gauge,
             "Active findings by kind and severity; every kind and severity is present, 0 when none.");
  for (const DetectorInfo& detector : detectors()) {
    for (Severity severity : kSeverities) {
      auto it = counts.find({detector.kind, severity});
      out.sample({{"kind", detector.kind}, {"severity", severity_name(severity)}},
                 it == counts.end() ? uint64_t{0} : it->second);
    }
  }
}

void tcp_memory(Exposition& out, const StatusSummary& summary) {
  const TcpMemory& mem = summary.tcp_mem;
  const int64_t page = mem.page_size;
  if (mem.in_use_pages) {
    out.family("sockscope_tcp_memory_pages", Gauge, "Memory TCP sockets use, in pages (sockstat's TCP mem).");
    out.sample(*mem.in_use_pages);
    out.family("sockscope_tcp_memory_bytes", Gauge, "Memory TCP sockets use, in bytes (pages times the page size).");
    out.sample(*mem.in_use_pages * page);
  }
  if (mem.limits) {
    const std::array<std::pair<std::string_view, int64_t>, 3> thresholds = {
        {{"min", mem.limits->min}, {"pressure", mem.limits->def}, {"max", mem.limits->max}}};
    out.family("sockscope_tcp_mem_threshold_pages", Gauge,
               "net.ipv4.tcp_mem in pages: below min no pressure; above pressure the kernel moderates TCP buffers; "
               "above max it refuses socket memory.");
    for (const auto& [name, pages] : thresholds) out.sample({{"threshold", name}}, pages);
    out.family("sockscope_tcp_mem_threshold_bytes", Gauge, "net.ipv4.tcp_mem in bytes.");
    for (const auto& [name, pages] : thresholds) out.sample({{"threshold", name}}, pages * page);
  }
}

void sockstat_series(Exposition& out, const StatusSummary& summary) {
  out.family("sockscope_sockstat", Gauge,
             "/proc/net/sockstat and sockstat6 figures by line and field as the kernel names them (memory fields "
             "are in sockscope_sockstat_memory_bytes).");
  for (const auto& [protocol, line] : summary.sockstat.lines) {
    for (const auto& [field, value] : line) {
      if (field == "mem" || field == "memory") continue;
      out.sample({{"protocol", protocol}, {"field", field}}, value);
    }
  }
  // "mem" is in pages (TCP, UDP); FRAG's "memory" is already in bytes.
  out.family("sockscope_sockstat_memory_bytes", Gauge, "Memory by sockstat line, in bytes.");
  for (const auto& [protocol, line] : summary.sockstat.lines) {
    for (const auto& [field, value] : line) {
      if (field == "mem") out.sample({{"protocol", protocol}}, value * summary.sysctls.page_size);
      if (field == "memory") out.sample({{"protocol", protocol}}, value);
    }
  }
}

void kernel_counters(Exposition& out, const Counters& counters) {
  out.family("sockscope_kernel_tcp_events_total", Counter,
             "The kernel's TCP counters from /proc/net/snmp (Tcp) and /proc/net/netstat (TcpExt) since boot "
             "(per network namespace), by Group.Name.");
  for (const auto& [key, value] : counters.values) {
    if (is_tcp_event_counter(key) && value >= 0) out.sample({{"counter", key}}, value);
  }
  if (auto established = counters.get("Tcp.CurrEstab")) {
    out.family("sockscope_kernel_tcp_current_established", Gauge,
               "TCP connections in ESTABLISHED or CLOSE_WAIT as the kernel counts them (Tcp CurrEstab).");
    out.sample(*established);
  }
}

}  // namespace

std::string state_label(Proto proto, TcpState state) {
  if (proto == Proto::Udp) {
    if (state == TcpState::Close) return "unconnected";
    if (state == TcpState::Established) return "connected";
  }
  return lowercase(tcp_state_name(state));
}

void render_poll_metrics(Exposition& out, const PollMetricsInput& input) {
  const StatusSummary& summary = input.summary;
  out.family("sockscope_last_poll_timestamp_seconds", Gauge,
             "When the latest successful poll was taken, in seconds since the Unix epoch.");
  out.sample(std::chrono::duration<double>(summary.taken_at.time_since_epoch()).count());
  sockets_by_state(out, input.snapshot);
  queue_totals(out, summary);
  listen_totals(out, summary);
  top_listener_series(out, input.snapshot, input.top_n);
  process_series(out, "sockscope_process_close_wait_sockets",
                 "CLOSE_WAIT sockets by the process holding them (the processes with the most).",
                 top_close_wait_owners(input.snapshot, input.top_n));
  process_series(out, "sockscope_process_time_wait_sockets",
                 "TIME_WAIT sockets by the process listening on their local port (the processes with the most); "
                 "\"unknown\" for the rest, which the kernel keeps without an owner.",
                 top_time_wait_owners(input.snapshot, input.top_n));
  findings_series(out, input.findings);
  tcp_memory(out, summary);
  sockstat_series(out, summary);
  kernel_counters(out, input.snapshot.system.counters);
}

}  // namespace sockscope::metrics

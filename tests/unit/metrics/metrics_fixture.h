// A hand-built host for the metrics tests: listeners, connections in
// several states with known owners, findings, sockstat, counters, tcp_mem.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "../synthetic.h"
#include "detect/finding.h"
#include "metrics/exposition.h"
#include "metrics/health_metrics.h"
#include "metrics/poll_metrics.h"
#include "render/status_summary.h"

namespace sockscope::metrics::test {

// One sample line parsed back: "name{labels} value" -> value, keyed by the
// line's text up to the value.
inline std::map<std::string, std::string> samples_of(const std::string& text) {
  std::map<std::string, std::string> samples;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    samples[line.substr(0, space)] = line.substr(space + 1);
  }
  return samples;
}

inline Snapshot host_snapshot() {
  using sockscope::test::record;
  Snapshot snap;
  // nginx listens on 0.0.0.0:80 (inode 100) with 3 waiting of 128; a second
  // SO_REUSEPORT socket on the same port (inode 101) has 1 of 128.
  snap.sockets.push_back(record(Proto::Tcp, TcpState::Listen, "0.0.0.0", 80, "0.0.0.0", 0, 100));
  snap.sockets.back().recv_q = 3;
  snap.sockets.back().send_q = 128;
  snap.sockets.push_back(record(Proto::Tcp, TcpState::Listen, "0.0.0.0", 80, "0.0.0.0", 0, 101));
  snap.sockets.back().recv_q = 1;
  snap.sockets.back().send_q = 128;
  // java listens on [::]:8080 (inode 200), queue full.
  snap.sockets.push_back(record(Proto::Tcp, TcpState::Listen, "::", 8080, "::", 0, 200));
  snap.sockets.back().recv_q = 11;
  snap.sockets.back().send_q = 10;
  // Two idle listeners of an unknown owner.
  snap.sockets.push_back(record(Proto::Tcp, TcpState::Listen, "127.0.0.1", 22, "0.0.0.0", 0, 300));
  snap.sockets.push_back(record(Proto::Tcp, TcpState::Listen, "127.0.0.1", 25, "0.0.0.0", 0, 301));
  // java holds 3 CLOSE_WAIT, nginx 1, one has no known owner.
  for (uint64_t inode : {201, 202, 203, 102, 999}) {
    snap.sockets.push_back(record(Proto::Tcp, TcpState::CloseWait, "10.0.0.1", 8080, "10.0.0.9", 40000, inode));
  }
  snap.sockets[8].local.port = 80;  // inode 102: nginx's
  // TIME_WAIT: two on nginx's port 80, one on java's 8080 (IPv4-mapped), one
  // outgoing from an ephemeral port.
  snap.sockets.push_back(record(Proto::Tcp, TcpState::TimeWait, "10.0.0.1", 80, "10.0.0.9", 40001));
  snap.sockets.push_back(record(Proto::Tcp, TcpState::TimeWait, "10.0.0.1", 80, "10.0.0.9", 40002));
  snap.sockets.push_back(record(Proto::Tcp, TcpState::TimeWait, "::ffff:10.0.0.1", 8080, "::ffff:10.0.0.9", 40003));
  snap.sockets.push_back(record(Proto::Tcp, TcpState::TimeWait, "10.0.0.1", 51000, "10.0.0.7", 443));
  // Established with queues, a request socket, UDP.
  snap.sockets.push_back(record(Proto::Tcp, TcpState::Established, "10.0.0.1", 80, "10.0.0.9", 40010, 103));
  snap.sockets.back().recv_q = 100;
  snap.sockets.back().send_q = 2000;
  snap.sockets.push_back(record(Proto::Tcp, TcpState::NewSynRecv, "10.0.0.1", 80, "10.0.0.9", 40011));
  snap.sockets.push_back(record(Proto::Udp, TcpState::Close, "0.0.0.0", 53, "0.0.0.0", 0, 400));
  snap.sockets.push_back(record(Proto::Udp, TcpState::Established, "::1", 5000, "::1", 5001, 401));

  snap.processes = sockscope::test::owners_index({
      {100, {{10, "nginx", 3}, {11, "nginx", 3}}},
      {101, {{11, "nginx", 4}}},
      {102, {{11, "nginx", 5}}},
      {103, {{11, "nginx", 6}}},
      {200, {{20, "java", 3}}},
      {201, {{20, "java", 4}}},
      {202, {{20, "java", 5}}},
      {203, {{20, "java", 6}}},
  });

  snap.system.sysctls.tcp_mem = Triple{1000, 2000, 3000};
  snap.system.sysctls.page_size = 4096;
  snap.system.sockstat.lines["TCP"] = {{"inuse", 9}, {"orphan", 0}, {"tw", 4}, {"alloc", 12}, {"mem", 7}};
  snap.system.sockstat.lines["UDP"] = {{"inuse", 2}, {"mem", 1}};
  snap.system.sockstat.lines["FRAG"] = {{"inuse", 0}, {"memory", 512}};
  snap.system.sockstat.lines["sockets"] = {{"used", 40}};
  snap.system.counters.values = {
      {"TcpExt.ListenOverflows", 17}, {"TcpExt.TCPTimeWaitOverflow", 0}, {"Tcp.OutRsts", 5},
      {"Tcp.CurrEstab", 2},           {"Tcp.RtoMin", 200},               {"Tcp.MaxConn", -1},
      {"Ip.InReceives", 1000},        {"Udp.InDatagrams", 3},
  };
  return snap;
}

inline std::vector<Finding> host_findings() {
  Finding a;
  a.id = "close_wait_buildup:pid=20";
  a.kind = "close_wait_buildup";
  a.severity = Severity::Warning;
  Finding b;
  b.id = "listen_overflow:[::]:8080";
  b.kind = "listen_overflow";
  b.severity = Severity::Critical;
  Finding c = a;
  c.id = "close_wait_buildup:pid=11";
  return {a, b, c};
}

inline std::string render_host(int top_n) {
  const Snapshot snap = host_snapshot();
  const StatusSummary summary = summarize_status(snap);
  const auto findings = host_findings();
  Exposition out;
  render_poll_metrics(out, {snap, summary, findings, top_n});
  DaemonHealth health;
  health.version = "0.1.0";
  health.uptime = std::chrono::seconds(90);
  health.interval_s = 1;
  health.polls.polls = 90;
  health.polls.polls_failed = 1;
  health.polls.last_duration = std::chrono::milliseconds(12);
  health.clients = 2;
  health.hooks.started = 4;
  render_health_metrics(out, health);
  return out.take();
}

}  // namespace sockscope::metrics::test

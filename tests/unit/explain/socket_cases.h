// Hand-built sockets for explain_socket(): one case per timer kind, state
// and figure the explanation words differently. Each golden file
// socket-<name>.txt holds a case's text.
#pragma once

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "../synthetic.h"
#include "detect/finding.h"
#include "explain/explanation.h"

namespace sockscope::test {

struct SocketCase {
  std::string name;
  SocketRecord socket;
  std::vector<ProcessRef> owners;
  Sysctls sysctls;
  std::optional<double> state_age_s;
  std::vector<Finding> findings;
  DetectorsConfig thresholds;

  ExplainContext context() const {
    return ExplainContext{.socket = socket,
                          .owners = owners,
                          .sysctls = sysctls,
                          .state_age_s = state_age_s,
                          .findings = findings,
                          .thresholds = thresholds};
  }
};

inline Sysctls host_sysctls() {
  Sysctls s;
  s.tcp_rmem = Triple{4096, 131072, 6291456};
  s.tcp_wmem = Triple{4096, 16384, 4194304};
  s.somaxconn = 4096;
  s.tcp_max_orphans = 65536;
  s.tcp_fin_timeout = 60;
  s.tcp_keepalive_time = 7200;
  s.tcp_keepalive_intvl = 75;
  s.tcp_keepalive_probes = 9;
  s.tcp_retries2 = 15;
  return s;
}

inline SocketCase tcp_case(std::string name, TcpState state, uint64_t cookie, uint64_t inode) {
  SocketCase c;
  c.name = std::move(name);
  c.socket = record(Proto::Tcp, state, "10.0.0.1", 8080, "10.0.0.2", 51334, inode);
  c.socket.cookie = cookie;
  c.socket.uid = inode ? 1000 : 0;
  c.sysctls = host_sysctls();
  if (inode) c.owners = {ProcessRef{2211, "api-server", 9}};
  return c;
}

inline MemInfo mem(uint32_t rmem_alloc, uint32_t rcvbuf, uint32_t wmem_queued, uint32_t sndbuf, uint32_t drops = 0) {
  MemInfo m;
  m.rmem_alloc = rmem_alloc;
  m.rcvbuf = rcvbuf;
  m.wmem_alloc = wmem_queued;
  m.wmem_queued = wmem_queued;
  m.sndbuf = sndbuf;
  m.drops = drops;
  return m;
}

inline Finding close_wait_finding(uint64_t cookie) {
  Finding f;
  f.id = "close_wait_buildup:pid=2211";
  f.kind = "close_wait_buildup";
  f.severity = Severity::Critical;
  f.subject = "pid 2211 (api-server)";
  f.summary = "api-server holds 48 CLOSE_WAIT sockets, the oldest 15 min";
  f.advice = "Find where api-server misses close() after the peer hangs up.";
  f.sockets = {cookie - 1, cookie, cookie + 7};
  return f;
}

inline Finding unrelated_finding() {
  Finding f;
  f.id = "time_wait_buildup:host";
  f.kind = "time_wait_buildup";
  f.severity = Severity::Warning;
  f.subject = "host";
  f.summary = "31000 TIME_WAIT sockets";
  f.sockets = {};
  return f;
}

inline std::vector<SocketCase> socket_cases() {
  std::vector<SocketCase> cases;

  // CLOSE_WAIT held by a process for 15 min, named by a finding; the peer's
  // FIN and 100 bytes are still unread.
  SocketCase close_wait = tcp_case("close-wait-leak", TcpState::CloseWait, 7001, 41001);
  close_wait.socket.recv_q = 101;
  close_wait.socket.shutdown = 1;
  close_wait.socket.mem = mem(1280, 131072, 0, 87040);
  close_wait.state_age_s = 900;
  close_wait.findings = {unrelated_finding(), close_wait_finding(7001)};
  cases.push_back(close_wait);

  // CLOSE_WAIT that read to end of file and still did not close.
  SocketCase read_eof = tcp_case("close-wait-read-eof", TcpState::CloseWait, 7002, 41002);
  read_eof.socket.shutdown = 1;
  read_eof.state_age_s = 42;
  cases.push_back(read_eof);

  // Idle IPv6 connection without keepalive; no process could be found.
  SocketCase idle = tcp_case("established-idle-ipv6", TcpState::Established, 7003, 41003);
  idle.socket = record(Proto::Tcp, TcpState::Established, "2001:db8::10", 443, "2001:db8::99", 60000, 41003);
  idle.socket.cookie = 7003;
  idle.socket.uid = 33;
  idle.socket.shutdown = 0;
  idle.owners.clear();
  cases.push_back(idle);

  // Retransmitting unacknowledged data: the peer stopped answering.
  SocketCase retransmit = tcp_case("established-retransmit", TcpState::Established, 7004, 41004);
  retransmit.socket.send_q = 48000;
  retransmit.socket.timer = TimerInfo{TimerKind::Retransmit, 3200, 5};
  retransmit.socket.tcp_info_len = sizeof(TcpInfo);
  retransmit.socket.tcp_info.rto = 6400000;
  retransmit.socket.tcp_info.backoff = 5;
  retransmit.socket.shutdown = 0;
  retransmit.socket.mem = mem(0, 131072, 60000, 87040);
  cases.push_back(retransmit);

  // Keepalive with two probes unanswered.
  SocketCase keepalive = tcp_case("established-keepalive", TcpState::Established, 7005, 41005);
  keepalive.socket.timer = TimerInfo{TimerKind::Keepalive, 61000, 2};
  keepalive.socket.shutdown = 0;
  cases.push_back(keepalive);

  // The peer's window is zero: persist probes, the send buffer full.
  SocketCase zero_window = tcp_case("established-zero-window", TcpState::Established, 7006, 41006);
  zero_window.socket.send_q = 2621440;
  zero_window.socket.timer = TimerInfo{TimerKind::ZeroWindowProbe, 12000, 1};
  zero_window.socket.shutdown = 0;
  zero_window.socket.mem = mem(0, 131072, 2700000, 2800000);
  cases.push_back(zero_window);

  // Established but not accepted yet: no file, no owner.
  SocketCase unaccepted = tcp_case("established-not-accepted", TcpState::Established, 7007, 0);
  unaccepted.socket.recv_q = 517;
  cases.push_back(unaccepted);

  // TIME_WAIT with 42 s left.
  SocketCase time_wait = tcp_case("time-wait", TcpState::TimeWait, 7008, 0);
  time_wait.socket.local = endpoint("10.0.0.1", 51334);
  time_wait.socket.remote = endpoint("10.0.0.2", 443);
  time_wait.socket.timer = TimerInfo{TimerKind::TimeWait, 42000, 0};
  cases.push_back(time_wait);

  // Orphaned FIN_WAIT2 kept as a minisocket until tcp_fin_timeout.
  SocketCase orphan_fw2 = tcp_case("fin-wait-2-orphan", TcpState::FinWait2, 7009, 0);
  orphan_fw2.socket.timer = TimerInfo{TimerKind::TimeWait, 25000, 0};
  orphan_fw2.sysctls.tcp_fin_timeout = 30;
  cases.push_back(orphan_fw2);

  // FIN_WAIT2 still owned (shutdown(SHUT_WR)): no timer at all.
  SocketCase owned_fw2 = tcp_case("fin-wait-2-owned", TcpState::FinWait2, 7010, 41010);
  owned_fw2.socket.shutdown = 2;
  owned_fw2.state_age_s = 3 * 3600 + 125;
  cases.push_back(owned_fw2);

  // Orphaned FIN_WAIT1 retransmitting its FIN.
  SocketCase fw1 = tcp_case("fin-wait-1-orphan", TcpState::FinWait1, 7011, 0);
  fw1.socket.send_q = 1;
  fw1.socket.uid = 1000;
  fw1.socket.timer = TimerInfo{TimerKind::Retransmit, 6400, 3};
  fw1.socket.shutdown = 3;
  cases.push_back(fw1);

  // LAST_ACK still held by the application, which shut down without reading.
  SocketCase last_ack = tcp_case("last-ack", TcpState::LastAck, 7012, 41012);
  last_ack.socket.recv_q = 1;
  last_ack.socket.send_q = 1;
  last_ack.socket.timer = TimerInfo{TimerKind::Retransmit, 400, 1};
  last_ack.socket.shutdown = 3;
  cases.push_back(last_ack);

  // Simultaneous close.
  SocketCase closing = tcp_case("closing", TcpState::Closing, 7013, 41013);
  closing.socket.recv_q = 1;
  closing.socket.send_q = 1;
  closing.socket.timer = TimerInfo{TimerKind::Retransmit, 800, 0};
  closing.socket.shutdown = 3;
  cases.push_back(closing);

  // A listener at 15 of 16.
  SocketCase near = tcp_case("listen-near-backlog", TcpState::Listen, 7014, 41014);
  near.socket.remote = Endpoint{};
  near.socket.local = endpoint("0.0.0.0", 8080);
  near.socket.recv_q = 15;
  near.socket.send_q = 16;
  cases.push_back(near);

  // A listener over its limit, which somaxconn capped.
  SocketCase full = tcp_case("listen-overflow", TcpState::Listen, 7015, 41015);
  full.socket = record(Proto::Tcp, TcpState::Listen, "::", 443, "::", 0, 41015);
  full.socket.cookie = 7015;
  full.socket.recv_q = 129;
  full.socket.send_q = 128;
  full.sysctls.somaxconn = 128;
  full.owners = {ProcessRef{900, "nginx", 6}, ProcessRef{901, "nginx", 6}};
  cases.push_back(full);

  // connect() to a host that does not answer.
  SocketCase syn_sent = tcp_case("syn-sent", TcpState::SynSent, 7016, 41016);
  syn_sent.socket.send_q = 1;
  syn_sent.socket.timer = TimerInfo{TimerKind::Retransmit, 8000, 4};
  cases.push_back(syn_sent);

  // A request socket whose final ACK does not come.
  SocketCase syn_recv = tcp_case("syn-recv", TcpState::NewSynRecv, 7017, 0);
  syn_recv.socket.timer = TimerInfo{TimerKind::Retransmit, 3000, 2};
  cases.push_back(syn_recv);

  // An unconnected UDP socket dropping datagrams.
  SocketCase udp = tcp_case("udp-unconnected", TcpState::Close, 7018, 41018);
  udp.socket = record(Proto::Udp, TcpState::Close, "0.0.0.0", 5353, "0.0.0.0", 0, 41018);
  udp.socket.cookie = 7018;
  udp.socket.recv_q = 213760;
  udp.socket.mem = mem(213760, 212992, 0, 212992, 37);
  udp.owners = {ProcessRef{640, "avahi-daemon", 12}};
  cases.push_back(udp);

  // A connected UDP socket.
  SocketCase udp_connected = tcp_case("udp-connected", TcpState::Established, 7019, 41019);
  udp_connected.socket = record(Proto::Udp, TcpState::Established, "10.0.0.1", 40000, "10.0.0.53", 53, 41019);
  udp_connected.socket.cookie = 7019;
  udp_connected.socket.shutdown = 0;
  cases.push_back(udp_connected);

  return cases;
}

}  // namespace sockscope::test

#include "render/status_summary.h"

#include <gtest/gtest.h>

#include "render/status_json.h"
#include "render/status_text.h"
#include "../synthetic.h"

namespace sockscope {
namespace {

using test::record;

Snapshot sample() {
  Snapshot snap;
  auto add = [&](Proto p, TcpState s, uint32_t recv_q, uint32_t send_q) { test::add_socket(snap, p, s, recv_q, send_q); };
  add(Proto::Tcp, TcpState::Established, 100, 0);
  add(Proto::Tcp, TcpState::Established, 0, 2000);
  add(Proto::Tcp, TcpState::Established, 0, 0);
  add(Proto::Tcp, TcpState::CloseWait, 1, 0);
  add(Proto::Tcp, TcpState::TimeWait, 0, 0);
  add(Proto::Tcp, TcpState::NewSynRecv, 0, 0);
  add(Proto::Tcp, TcpState::SynRecv, 0, 0);
  add(Proto::Tcp, TcpState::Listen, 3, 128);    // accept queue 3 of 128
  add(Proto::Tcp, TcpState::Listen, 129, 128);  // past its limit: full
  add(Proto::Tcp, TcpState::Listen, 0, 0);
  add(Proto::Udp, TcpState::Close, 500, 0);
  add(Proto::Udp, TcpState::Close, 0, 0);
  add(Proto::Udp, TcpState::Established, 0, 64);

  Sysctls& k = snap.system.sysctls;
  k.tcp_mem = Triple{1000, 2000, 3000};
  k.tcp_rmem = Triple{4096, 131072, 6291456};
  k.tcp_wmem = Triple{4096, 16384, 4194304};
  k.somaxconn = 4096;
  k.tcp_max_tw_buckets = 262144;
  k.tcp_max_orphans = 65536;
  k.ip_local_port_range = PortRange{32768, 60999};
  k.page_size = 4096;
  auto& tcp = snap.system.sockstat.lines["TCP"];
  tcp = {{"inuse", 9}, {"orphan", 2}, {"tw", 1}, {"alloc", 12}, {"mem", 1500}};
  snap.system.sockstat.lines["UDP"] = {{"inuse", 3}, {"mem", 4}};
  snap.system.sockstat.lines["TCP6"] = {{"inuse", 1}};
  snap.system.sockstat.lines["UDP6"] = {{"inuse", 0}};
  snap.dump.retries = 1;
  return snap;
}

TEST(StatusSummary, CountsByState) {
  auto s = summarize_status(sample());
  EXPECT_EQ(s.tcp.total, 10u);
  EXPECT_EQ(s.tcp[TcpState::Established], 3u);
  EXPECT_EQ(s.tcp[TcpState::SynRecv], 2u);  // request sockets fold into SYN_RECV
  EXPECT_EQ(s.tcp[TcpState::NewSynRecv], 2u);
  EXPECT_EQ(s.tcp[TcpState::Listen], 3u);
  EXPECT_EQ(s.tcp[TcpState::CloseWait], 1u);
  EXPECT_EQ(s.tcp[TcpState::FinWait1], 0u);
  EXPECT_EQ(s.udp.total, 3u);
  EXPECT_EQ(s.udp[TcpState::Close], 2u);
  EXPECT_EQ(s.udp[TcpState::Established], 1u);
}

TEST(StatusSummary, QueuesLeaveListenersOut) {
  auto s = summarize_status(sample());
  EXPECT_EQ(s.tcp_queues.recv_q, 101u);
  EXPECT_EQ(s.tcp_queues.send_q, 2000u);
  EXPECT_EQ(s.tcp_queues.with_recv_q, 2u);
  EXPECT_EQ(s.tcp_queues.with_send_q, 1u);
  EXPECT_EQ(s.udp_queues.recv_q, 500u);
  EXPECT_EQ(s.udp_queues.send_q, 64u);
  EXPECT_EQ(s.listen.listeners, 3u);
  EXPECT_EQ(s.listen.accept_queue, 132u);
  EXPECT_EQ(s.listen.backlog, 256u);
  EXPECT_EQ(s.listen.full, 1u);
}

TEST(StatusSummary, MemoryZonesAtEachEdge) {
  Triple t{1000, 2000, 3000};
  EXPECT_EQ(classify_tcp_mem(0, t), MemoryZone::Normal);
  EXPECT_EQ(classify_tcp_mem(999, t), MemoryZone::Normal);
  EXPECT_EQ(classify_tcp_mem(1000, t), MemoryZone::Normal);  // at min: pressure mode ends here
  EXPECT_EQ(classify_tcp_mem(1001, t), MemoryZone::AboveMin);
  EXPECT_EQ(classify_tcp_mem(2000, t), MemoryZone::AboveMin);  // at pressure: not yet entered
  EXPECT_EQ(classify_tcp_mem(2001, t), MemoryZone::Pressure);
  EXPECT_EQ(classify_tcp_mem(3000, t), MemoryZone::Pressure);
  EXPECT_EQ(classify_tcp_mem(3001, t), MemoryZone::Pressure);
  EXPECT_EQ(memory_zone_name(MemoryZone::Normal), "normal");
  EXPECT_EQ(memory_zone_name(MemoryZone::AboveMin), "above min");
  EXPECT_EQ(memory_zone_name(MemoryZone::Pressure), "pressure");
  EXPECT_EQ(memory_zone_name(MemoryZone::Unknown), "unknown");
}

TEST(StatusSummary, TcpMemoryFromSockstat) {
  Snapshot snap = sample();
  auto s = summarize_status(snap);
  EXPECT_EQ(s.tcp_mem.in_use_pages, 1500);
  EXPECT_EQ(s.tcp_mem.zone, MemoryZone::AboveMin);
  EXPECT_FALSE(s.tcp_mem.over_max);

  snap.system.sockstat.lines["TCP"]["mem"] = 3000;
  EXPECT_FALSE(summarize_status(snap).tcp_mem.over_max);
  snap.system.sockstat.lines["TCP"]["mem"] = 3001;
  s = summarize_status(snap);
  EXPECT_EQ(s.tcp_mem.zone, MemoryZone::Pressure);
  EXPECT_TRUE(s.tcp_mem.over_max);

  snap.system.sysctls.tcp_mem.reset();
  EXPECT_EQ(summarize_status(snap).tcp_mem.zone, MemoryZone::Unknown);
  snap = sample();
  snap.system.sockstat.lines.erase("TCP");
  EXPECT_EQ(summarize_status(snap).tcp_mem.zone, MemoryZone::Unknown);
}

TEST(StatusJson, Contract) {
  nlohmann::json j = nlohmann::json::parse(status_to_json(summarize_status(sample())).dump());
  EXPECT_EQ(j["counts"]["tcp"]["ESTABLISHED"], 3);
  EXPECT_EQ(j["counts"]["tcp"]["SYN_RECV"], 2);
  EXPECT_EQ(j["counts"]["tcp"]["LISTEN"], 3);
  EXPECT_EQ(j["counts"]["tcp"]["FIN_WAIT1"], 0);
  EXPECT_EQ(j["counts"]["tcp"].size(), 11u);
  EXPECT_EQ(j["counts"]["udp"], (nlohmann::json{{"CLOSE", 2}, {"ESTABLISHED", 1}}));
  EXPECT_EQ(j["totals"]["tcp"], 10);
  EXPECT_EQ(j["queues"]["tcp"]["recv_q"], 101);
  EXPECT_EQ(j["queues"]["tcp"]["send_q"], 2000);
  EXPECT_EQ(j["queues"]["listen"]["accept_queue"], 132);
  EXPECT_EQ(j["queues"]["listen"]["full"], 1);
  EXPECT_EQ(j["sockstat"]["tcp"]["tw"], 1);
  EXPECT_EQ(j["sockstat"]["tcp6"]["inuse"], 1);
  EXPECT_EQ(j["sockstat"]["udp"]["mem"], 4);
  const auto& mem = j["tcp_mem"];
  EXPECT_EQ(mem["min"], (nlohmann::json{{"pages", 1000}, {"bytes", 4096000}}));
  EXPECT_EQ(mem["pressure"]["pages"], 2000);
  EXPECT_EQ(mem["max"]["bytes"], 3000 * 4096);
  EXPECT_EQ(mem["in_use"], (nlohmann::json{{"pages", 1500}, {"bytes", 1500 * 4096}}));
  EXPECT_EQ(mem["zone"], "above min");
  EXPECT_EQ(mem["over_max"], false);
  EXPECT_EQ(j["tcp_rmem"], (nlohmann::json{{"min", 4096}, {"default", 131072}, {"max", 6291456}}));
  EXPECT_EQ(j["tcp_wmem"]["default"], 16384);
  EXPECT_EQ(j["limits"]["somaxconn"], 4096);
  EXPECT_EQ(j["limits"]["tcp_max_tw_buckets"], 262144);
  EXPECT_EQ(j["limits"]["tcp_max_orphans"], 65536);
  EXPECT_TRUE(j["limits"]["tcp_max_syn_backlog"].is_null());
  EXPECT_EQ(j["limits"]["ip_local_port_range"],
            (nlohmann::json{{"low", 32768}, {"high", 60999}, {"size", 28232}}));
  EXPECT_EQ(j["dump"]["retries"], 1);
  EXPECT_EQ(j["dump"]["tcp_available"], true);
}

TEST(StatusJson, MissingFiguresAreNull) {
  Snapshot empty;
  nlohmann::json j = nlohmann::json::parse(status_to_json(summarize_status(empty)).dump());
  EXPECT_EQ(j["tcp_mem"]["zone"], "unknown");
  EXPECT_TRUE(j["tcp_mem"]["min"].is_null());
  EXPECT_TRUE(j["tcp_mem"]["in_use"].is_null());
  EXPECT_TRUE(j["tcp_rmem"].is_null());
  EXPECT_TRUE(j["limits"]["ip_local_port_range"].is_null());
  EXPECT_EQ(j["sockstat"], nlohmann::json::object());
  EXPECT_EQ(j["counts"]["tcp"]["ESTABLISHED"], 0);
}

TEST(StatusText, ShowsTheFigures) {
  fmt::memory_buffer out;
  render_status_text(out, summarize_status(sample()));
  std::string text = fmt::to_string(out);
  for (const char* expected : {
           "TCP sockets: 10\n",
           "  ESTAB            3   SYN-SENT         0   SYN-RECV         2   FIN-WAIT-1       0\n",
           "UDP sockets: 3\n",
           "  UNCONN           2   ESTAB            1\n",
           "  TCP  recv-q 101 B in 2 sockets, send-q 2.0 KiB in 1 socket\n",
           "  UDP  recv-q 500 B in 1 socket, send-q 64 B in 1 socket\n",
           "  Listeners: 3, accept queue 132 waiting (limits total 256), 1 full\n",
           "  TCP   inuse 9 orphan 2 tw 1 alloc 12 mem 1500\n",
           "  TCP6  inuse 1\n",
           "  in use    1500 pages (5.9 MiB)\n",
           "  tcp_mem   min 1000 pages (3.9 MiB), pressure 2000 pages (7.8 MiB), max 3000 pages (11.7 MiB)\n",
           "  zone      above min (",
           "  tcp_rmem  min 4096, default 131072, max 6291456 bytes\n",
           "  somaxconn            4096\n",
           "  tcp_max_syn_backlog  n/a\n",
           "  tcp_max_tw_buckets   262144 (now tw 1, 0.0%)\n",
           "  ip_local_port_range  32768-60999 (28232 ports)\n",
           "1 retries",
       }) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected << "\nin:\n" << text;
  }
}

}  // namespace
}  // namespace sockscope

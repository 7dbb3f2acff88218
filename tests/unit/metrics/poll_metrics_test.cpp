// The metrics of a hand-built host: every family, its labels, and the top-N
// cut that keeps the number of series bounded.
#include <gtest/gtest.h>

#include "metrics/top_lists.h"
#include "metrics_fixture.h"

namespace sockscope::metrics {
namespace {

using test::render_host;
using test::samples_of;

TEST(PollMetrics, SocketsByProtocolFamilyAndState) {
  auto s = samples_of(render_host(20));
  EXPECT_EQ(s["sockscope_sockets{protocol=\"tcp\",family=\"inet\",state=\"listen\"}"], "4");
  EXPECT_EQ(s["sockscope_sockets{protocol=\"tcp\",family=\"inet6\",state=\"listen\"}"], "1");
  EXPECT_EQ(s["sockscope_sockets{protocol=\"tcp\",family=\"inet\",state=\"close_wait\"}"], "5");
  EXPECT_EQ(s["sockscope_sockets{protocol=\"tcp\",family=\"inet\",state=\"time_wait\"}"], "3");
  EXPECT_EQ(s["sockscope_sockets{protocol=\"tcp\",family=\"inet6\",state=\"time_wait\"}"], "1");
  EXPECT_EQ(s["sockscope_sockets{protocol=\"tcp\",family=\"inet\",state=\"syn_recv\"}"], "1")
      << "request sockets count as SYN_RECV";
  EXPECT_EQ(s["sockscope_sockets{protocol=\"udp\",family=\"inet\",state=\"unconnected\"}"], "1");
  EXPECT_EQ(s["sockscope_sockets{protocol=\"udp\",family=\"inet6\",state=\"connected\"}"], "1");
  // Every state is present for alert expressions, zero or not.
  EXPECT_EQ(s["sockscope_sockets{protocol=\"tcp\",family=\"inet6\",state=\"fin_wait2\"}"], "0");
  EXPECT_EQ(s["sockscope_sockets{protocol=\"udp\",family=\"inet6\",state=\"unconnected\"}"], "0");
  EXPECT_EQ(s.count("sockscope_sockets{protocol=\"tcp\",family=\"inet\",state=\"unknown\"}"), 0u);
}

TEST(PollMetrics, QueueAndListenTotals) {
  auto s = samples_of(render_host(20));
  EXPECT_EQ(s["sockscope_queued_bytes{protocol=\"tcp\",queue=\"recv\"}"], "100");
  EXPECT_EQ(s["sockscope_queued_bytes{protocol=\"tcp\",queue=\"send\"}"], "2000");
  EXPECT_EQ(s["sockscope_sockets_with_queued_bytes{protocol=\"tcp\",queue=\"send\"}"], "1");
  EXPECT_EQ(s["sockscope_listeners"], "5");
  EXPECT_EQ(s["sockscope_listeners_full"], "1");
  EXPECT_EQ(s["sockscope_accept_queue"], "15");
  EXPECT_EQ(s["sockscope_accept_backlog"], "266");
}

TEST(PollMetrics, TopListenersAreCutAtTopN) {
  auto s = samples_of(render_host(2));
  EXPECT_EQ(s["sockscope_listener_accept_queue{address=\"::\",port=\"8080\"}"], "11");
  EXPECT_EQ(s["sockscope_listener_accept_backlog{address=\"::\",port=\"8080\"}"], "10");
  // The SO_REUSEPORT pair on port 80 is one row, summed.
  EXPECT_EQ(s["sockscope_listener_accept_queue{address=\"0.0.0.0\",port=\"80\"}"], "4");
  EXPECT_EQ(s["sockscope_listener_accept_backlog{address=\"0.0.0.0\",port=\"80\"}"], "256");
  EXPECT_EQ(s["sockscope_listener_sockets{address=\"0.0.0.0\",port=\"80\"}"], "2");
  EXPECT_EQ(s.count("sockscope_listener_accept_queue{address=\"127.0.0.1\",port=\"22\"}"), 0u);

  auto all = samples_of(render_host(20));
  EXPECT_EQ(all["sockscope_listener_accept_queue{address=\"127.0.0.1\",port=\"22\"}"], "0");
}

TEST(PollMetrics, CloseWaitByOwningProcess) {
  auto s = samples_of(render_host(20));
  EXPECT_EQ(s["sockscope_process_close_wait_sockets{pid=\"20\",comm=\"java\"}"], "3");
  EXPECT_EQ(s["sockscope_process_close_wait_sockets{pid=\"11\",comm=\"nginx\"}"], "1");
  EXPECT_EQ(s["sockscope_process_close_wait_sockets{pid=\"unknown\",comm=\"unknown\"}"], "1");

  const auto rows = top_close_wait_owners(test::host_snapshot(), 1);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].pid, 20);
  EXPECT_EQ(rows[0].sockets, 3u);
}

TEST(PollMetrics, TimeWaitCountsForTheListenerOnItsLocalPort) {
  auto s = samples_of(render_host(20));
  // Port 80: nginx's listener, first holder pid 10.
  EXPECT_EQ(s["sockscope_process_time_wait_sockets{pid=\"10\",comm=\"nginx\"}"], "2");
  // An IPv4-mapped TIME_WAIT on 8080 belongs to java's [::]:8080 listener.
  EXPECT_EQ(s["sockscope_process_time_wait_sockets{pid=\"20\",comm=\"java\"}"], "1");
  // The outgoing connection's ephemeral port has no listener.
  EXPECT_EQ(s["sockscope_process_time_wait_sockets{pid=\"unknown\",comm=\"unknown\"}"], "1");
}

TEST(PollMetrics, TimeWaitOnAnotherAddressIsNotTheListeners) {
  Snapshot snap;
  snap.sockets.push_back(sockscope::test::record(Proto::Tcp, TcpState::Listen, "127.0.0.1", 80, "0.0.0.0", 0, 1));
  snap.sockets.push_back(sockscope::test::record(Proto::Tcp, TcpState::TimeWait, "10.0.0.1", 80, "10.0.0.2", 9));
  snap.processes = sockscope::test::owners_index({{1, {{5, "srv", 3}}}});
  const auto rows = top_time_wait_owners(snap, 5);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].pid, -1);
}

TEST(PollMetrics, FindingsHaveEveryKindAndSeverity) {
  auto s = samples_of(render_host(20));
  EXPECT_EQ(s["sockscope_findings{kind=\"close_wait_buildup\",severity=\"warning\"}"], "2");
  EXPECT_EQ(s["sockscope_findings{kind=\"listen_overflow\",severity=\"critical\"}"], "1");
  EXPECT_EQ(s["sockscope_findings{kind=\"listen_overflow\",severity=\"warning\"}"], "0");
  EXPECT_EQ(s["sockscope_findings{kind=\"rst_storm\",severity=\"info\"}"], "0");
  size_t series = 0;
  for (const auto& [key, value] : s) series += key.starts_with("sockscope_findings{");
  EXPECT_EQ(series, 14u * 3u);
}

TEST(PollMetrics, TcpMemoryInPagesAndBytes) {
  auto s = samples_of(render_host(20));
  EXPECT_EQ(s["sockscope_tcp_memory_pages"], "7");
  EXPECT_EQ(s["sockscope_tcp_memory_bytes"], "28672");
  EXPECT_EQ(s["sockscope_tcp_mem_threshold_pages{threshold=\"pressure\"}"], "2000");
  EXPECT_EQ(s["sockscope_tcp_mem_threshold_bytes{threshold=\"max\"}"], "12288000");
}

TEST(PollMetrics, TcpMemoryIsLeftOutWhenUnreadable) {
  Snapshot snap;
  const StatusSummary summary = summarize_status(snap);
  Exposition out;
  render_poll_metrics(out, {snap, summary, {}, 20});
  EXPECT_EQ(out.text().find("sockscope_tcp_memory_pages"), std::string::npos);
  EXPECT_EQ(out.text().find("sockscope_tcp_mem_threshold"), std::string::npos);
  EXPECT_NE(out.text().find("sockscope_sockets{"), std::string::npos);
}

TEST(PollMetrics, SockstatFiguresAndMemoryInBytes) {
  auto s = samples_of(render_host(20));
  EXPECT_EQ(s["sockscope_sockstat{protocol=\"TCP\",field=\"tw\"}"], "4");
  EXPECT_EQ(s["sockscope_sockstat{protocol=\"sockets\",field=\"used\"}"], "40");
  EXPECT_EQ(s.count("sockscope_sockstat{protocol=\"TCP\",field=\"mem\"}"), 0u);
  EXPECT_EQ(s["sockscope_sockstat_memory_bytes{protocol=\"TCP\"}"], "28672");
  EXPECT_EQ(s["sockscope_sockstat_memory_bytes{protocol=\"UDP\"}"], "4096");
  EXPECT_EQ(s["sockscope_sockstat_memory_bytes{protocol=\"FRAG\"}"], "512") << "FRAG memory is in bytes already";
}

TEST(PollMetrics, KernelTcpCountersOnly) {
  auto s = samples_of(render_host(20));
  EXPECT_EQ(s["sockscope_kernel_tcp_events_total{counter=\"TcpExt.ListenOverflows\"}"], "17");
  EXPECT_EQ(s["sockscope_kernel_tcp_events_total{counter=\"TcpExt.TCPTimeWaitOverflow\"}"], "0");
  EXPECT_EQ(s["sockscope_kernel_tcp_events_total{counter=\"Tcp.OutRsts\"}"], "5");
  EXPECT_EQ(s["sockscope_kernel_tcp_current_established"], "2");
  for (const char* absent : {"Tcp.CurrEstab", "Tcp.RtoMin", "Tcp.MaxConn", "Ip.InReceives", "Udp.InDatagrams"}) {
    EXPECT_EQ(s.count(std::string("sockscope_kernel_tcp_events_total{counter=\"") + absent + "\"}"), 0u) << absent;
  }
}

TEST(PollMetrics, EscapesProcessNames) {
  Snapshot snap;
  snap.sockets.push_back(sockscope::test::record(Proto::Tcp, TcpState::CloseWait, "10.0.0.1", 5, "10.0.0.2", 9, 7));
  snap.processes = sockscope::test::owners_index({{7, {{42, "a\"b\\c", 3}}}});
  const StatusSummary summary = summarize_status(snap);
  Exposition out;
  render_poll_metrics(out, {snap, summary, {}, 20});
  EXPECT_NE(out.text().find("sockscope_process_close_wait_sockets{pid=\"42\",comm=\"a\\\"b\\\\c\"} 1\n"),
            std::string::npos)
      << out.text();
}

TEST(HealthMetrics, DaemonFigures) {
  auto s = samples_of(render_host(20));
  EXPECT_EQ(s["sockscope_build_info{version=\"0.1.0\"}"], "1");
  EXPECT_EQ(s["sockscope_uptime_seconds"], "90");
  EXPECT_EQ(s["sockscope_polls_total"], "90");
  EXPECT_EQ(s["sockscope_poll_errors_total"], "1");
  EXPECT_EQ(s["sockscope_poll_duration_seconds"], "0.012");
  EXPECT_EQ(s["sockscope_clients"], "2");
  EXPECT_EQ(s["sockscope_hooks_started_total"], "4");
  EXPECT_EQ(s["sockscope_hook_events_dropped_total"], "0");
}

TEST(PollMetrics, EachFamilyOnceWithHelpAndType) {
  const std::string text = render_host(20);
  std::map<std::string, int> help, type;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.starts_with("# HELP ")) ++help[line.substr(7, line.find(' ', 7) - 7)];
    if (line.starts_with("# TYPE ")) ++type[line.substr(7, line.find(' ', 7) - 7)];
  }
  EXPECT_EQ(help.size(), type.size());
  for (const auto& [name, count] : help) {
    EXPECT_EQ(count, 1) << name;
    EXPECT_EQ(type[name], 1) << name;
    EXPECT_TRUE(name.starts_with("sockscope_")) << name;
  }
}

}  // namespace
}  // namespace sockscope::metrics

// Replays dumps recorded from a real kernel (6.18) in a private network
// namespace; tests/data/netlink/README.md describes the scene and its sockets.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "netlink/dump_reader.h"
#include "netlink/dump_recording.h"

namespace sockscope {
namespace {

const std::string kData = std::string(SOCKSCOPE_TEST_DATA) + "/netlink/";

struct Replay {
  RecordedDump dump;
  DumpEnd end;
  std::vector<SocketRecord> records;
};

Replay replay(const std::string& name) {
  Replay r;
  auto dump = read_recorded_dump(kData + name);
  EXPECT_TRUE(dump.ok()) << dump.error().describe();
  if (!dump) return r;
  r.dump = std::move(*dump);
  RecordedSource source(r.dump);
  auto end = read_dump(source, r.dump.expect, r.records);
  EXPECT_TRUE(end.ok()) << end.error().describe();
  if (end) r.end = *end;
  return r;
}

// Sockets keyed by "local->remote" as format_endpoint prints them.
std::map<std::string, const SocketRecord*> by_endpoints(const std::vector<SocketRecord>& records) {
  std::map<std::string, const SocketRecord*> out;
  for (const auto& r : records) {
    const auto key = format_endpoint(r.family, r.local) + "->" + format_endpoint(r.family, r.remote);
    EXPECT_TRUE(out.emplace(key, &r).second) << "two sockets on " << key;
  }
  return out;
}

const SocketRecord& find(const std::map<std::string, const SocketRecord*>& m, const std::string& key) {
  auto it = m.find(key);
  if (it == m.end()) {
    ADD_FAILURE() << "no socket " << key;
    static const SocketRecord none;
    return none;
  }
  return *it->second;
}

// The kernel this was recorded on sends 280 bytes of tcp_info (6.18, AccECN fields included).
constexpr uint16_t kRecordedInfoLen = 280;

TEST(RecordedDump, Tcp4SceneHasExactlyTheKnownSockets) {
  Replay r = replay("scene-tcp4.dump");
  EXPECT_EQ(r.end.status, BatchStatus::Done);
  EXPECT_EQ(r.end.datagrams, 3u);
  EXPECT_EQ(r.end.messages, 14u);  // 13 sockets + DONE
  EXPECT_EQ(r.end.skipped, 0u);
  ASSERT_EQ(r.records.size(), 13u);
  const auto s = by_endpoints(r.records);

  const auto& l7000 = find(s, "127.0.0.1:7000->0.0.0.0:0");
  EXPECT_EQ(l7000.state, TcpState::Listen);
  EXPECT_EQ(l7000.recv_q, 1u);   // 40002 waits in the accept queue
  EXPECT_EQ(l7000.send_q, 16u);  // the backlog
  EXPECT_EQ(l7000.tcp_info.unacked, 1u);
  EXPECT_EQ(l7000.tcp_info.sacked, 16u);
  EXPECT_EQ(l7000.ifindex, 0u);

  const auto& l7001 = find(s, "127.0.0.1:7001->0.0.0.0:0");
  EXPECT_EQ(l7001.state, TcpState::Listen);
  EXPECT_EQ(l7001.ifindex, 1u);  // SO_BINDTODEVICE lo
  EXPECT_EQ(l7001.send_q, 8u);

  const auto& l7002 = find(s, "127.0.0.1:7002->0.0.0.0:0");
  EXPECT_EQ(l7002.state, TcpState::Listen);
  EXPECT_EQ(l7002.recv_q, 1u);
  EXPECT_EQ(l7002.send_q, 0u);

  const auto& unread = find(s, "127.0.0.1:7000->127.0.0.1:40001");
  EXPECT_EQ(unread.state, TcpState::Established);
  EXPECT_EQ(unread.recv_q, 1000u);
  EXPECT_EQ(unread.send_q, 0u);
  ASSERT_TRUE(unread.mem.has_value());
  EXPECT_GE(unread.mem->rmem_alloc, 1000u);
  EXPECT_EQ(find(s, "127.0.0.1:40001->127.0.0.1:7000").state, TcpState::Established);

  const auto& keepalive = find(s, "127.0.0.1:40002->127.0.0.1:7000");
  EXPECT_EQ(keepalive.state, TcpState::Established);
  EXPECT_EQ(keepalive.timer.kind, TimerKind::Keepalive);
  EXPECT_GT(keepalive.timer.expires_ms, 7000u * 1000u);  // tcp_keepalive_time 7200 s
  EXPECT_LE(keepalive.timer.expires_ms, 7200u * 1000u);
  const auto& queued = find(s, "127.0.0.1:7000->127.0.0.1:40002");
  EXPECT_EQ(queued.state, TcpState::Established);
  EXPECT_EQ(queued.inode, 0u);  // not accepted: no file holds it yet

  const auto& fin_wait2 = find(s, "127.0.0.1:40003->127.0.0.1:7000");
  EXPECT_EQ(fin_wait2.state, TcpState::FinWait2);
  ASSERT_TRUE(fin_wait2.shutdown.has_value());
  EXPECT_EQ(*fin_wait2.shutdown, 2);  // SEND_SHUTDOWN
  const auto& close_wait = find(s, "127.0.0.1:7000->127.0.0.1:40003");
  EXPECT_EQ(close_wait.state, TcpState::CloseWait);
  EXPECT_EQ(close_wait.recv_q, 1u);  // the FIN counts as one unread byte
  ASSERT_TRUE(close_wait.shutdown.has_value());
  EXPECT_EQ(*close_wait.shutdown, 1);  // RCV_SHUTDOWN
  EXPECT_EQ(close_wait.timer.kind, TimerKind::None);  // CLOSE_WAIT has no timer

  const auto& time_wait = find(s, "127.0.0.1:7000->127.0.0.1:40004");
  EXPECT_EQ(time_wait.state, TcpState::TimeWait);
  EXPECT_EQ(time_wait.timer.kind, TimerKind::TimeWait);
  EXPECT_GT(time_wait.timer.expires_ms, 55000u);
  EXPECT_LE(time_wait.timer.expires_ms, 60000u);
  EXPECT_EQ(time_wait.inode, 0u);
  EXPECT_EQ(time_wait.uid, 0u);
  EXPECT_FALSE(time_wait.has_tcp_info());  // minisockets carry no attributes
  EXPECT_FALSE(time_wait.mem.has_value());
  EXPECT_FALSE(time_wait.shutdown.has_value());

  EXPECT_EQ(find(s, "127.0.0.1:40005->127.0.0.1:7002").state, TcpState::Established);
  EXPECT_EQ(find(s, "127.0.0.1:7002->127.0.0.1:40005").state, TcpState::Established);

  const auto& syn_sent = find(s, "127.0.0.1:40006->127.0.0.1:7002");
  EXPECT_EQ(syn_sent.state, TcpState::SynSent);
  EXPECT_EQ(syn_sent.timer.kind, TimerKind::Retransmit);
  EXPECT_EQ(syn_sent.send_q, 1u);  // the SYN

  // Every full socket carries the running kernel's whole tcp_info, memory and congestion.
  for (const auto& rec : r.records) {
    EXPECT_EQ(rec.proto, Proto::Tcp);
    EXPECT_EQ(rec.family, Family::Inet);
    EXPECT_NE(rec.cookie, 0u);
    if (rec.state == TcpState::TimeWait) continue;
    EXPECT_EQ(rec.tcp_info_len, kRecordedInfoLen);
    EXPECT_EQ(rec.tcp_info.state, static_cast<uint8_t>(rec.state));
    EXPECT_EQ(rec.congestion_name(), "bbr");
    ASSERT_TRUE(rec.mem.has_value());
    EXPECT_GT(rec.mem->rcvbuf, 0u);
    EXPECT_GT(rec.mem->sndbuf, 0u);
  }
}

TEST(RecordedDump, Tcp6Scene) {
  Replay r = replay("scene-tcp6.dump");
  EXPECT_EQ(r.end.status, BatchStatus::Done);
  ASSERT_EQ(r.records.size(), 4u);
  const auto s = by_endpoints(r.records);
  EXPECT_EQ(find(s, "[::1]:7100->[::]:0").state, TcpState::Listen);
  EXPECT_EQ(find(s, "[::1]:7100->[::]:0").send_q, 32u);
  EXPECT_EQ(find(s, "[::]:7101->[::]:0").state, TcpState::Listen);
  EXPECT_EQ(find(s, "[::1]:40101->[::1]:7100").state, TcpState::Established);
  EXPECT_EQ(find(s, "[::1]:7100->[::1]:40101").state, TcpState::Established);
  for (const auto& rec : r.records) {
    EXPECT_EQ(rec.family, Family::Inet6);
    EXPECT_EQ(rec.tcp_info_len, kRecordedInfoLen);
  }
}

TEST(RecordedDump, Udp4SceneKeepsKernelStates) {
  Replay r = replay("scene-udp4.dump");
  EXPECT_EQ(r.end.status, BatchStatus::Done);
  ASSERT_EQ(r.records.size(), 2u);
  const auto s = by_endpoints(r.records);
  const auto& unconnected = find(s, "127.0.0.1:7200->0.0.0.0:0");
  EXPECT_EQ(unconnected.proto, Proto::Udp);
  EXPECT_EQ(unconnected.state, TcpState::Close);
  EXPECT_EQ(unconnected.recv_q, 832u);  // one 100-byte datagram, counted by its buffer size
  ASSERT_TRUE(unconnected.mem.has_value());
  EXPECT_EQ(unconnected.mem->rmem_alloc, 832u);
  EXPECT_EQ(unconnected.mem->rcvbuf, 212992u);
  const auto& connected = find(s, "127.0.0.1:7201->127.0.0.1:7200");
  EXPECT_EQ(connected.state, TcpState::Established);
  EXPECT_EQ(connected.recv_q, 0u);
  for (const auto& rec : r.records) EXPECT_FALSE(rec.has_tcp_info());
}

TEST(RecordedDump, Udp6Scene) {
  Replay r = replay("scene-udp6.dump");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(format_endpoint(Family::Inet6, r.records[0].local), "[::1]:7300");
  EXPECT_EQ(r.records[0].state, TcpState::Close);
  EXPECT_EQ(r.records[0].proto, Proto::Udp);
}

TEST(RecordedDump, SceneCookiesAreDistinctAcrossAllDumps) {
  std::set<uint64_t> cookies;
  size_t total = 0;
  for (const char* name : {"scene-tcp4.dump", "scene-tcp6.dump", "scene-udp4.dump", "scene-udp6.dump"}) {
    Replay r = replay(name);
    total += r.records.size();
    for (const auto& rec : r.records) cookies.insert(rec.cookie);
  }
  EXPECT_EQ(total, 20u);
  EXPECT_EQ(cookies.size(), 20u);
}

TEST(RecordedDump, BulkDumpSpansManyDatagrams) {
  Replay r = replay("bulk-tcp4.dump");
  EXPECT_EQ(r.end.status, BatchStatus::Done);
  EXPECT_EQ(r.end.datagrams, 14u);
  EXPECT_EQ(r.end.messages, 415u);
  ASSERT_EQ(r.records.size(), 414u);
  std::map<TcpState, int> states;
  std::set<uint64_t> cookies;
  int bulk_clients = 0;
  for (const auto& rec : r.records) {
    ++states[rec.state];
    cookies.insert(rec.cookie);
    if (rec.local.addr[3] == 2 && rec.remote.port == 7500) ++bulk_clients;
  }
  EXPECT_EQ(cookies.size(), 414u);
  EXPECT_EQ(bulk_clients, 200);
  EXPECT_EQ(states[TcpState::Established], 406);
  EXPECT_EQ(states[TcpState::Listen], 4);
  EXPECT_EQ(states[TcpState::TimeWait], 1);
  EXPECT_EQ(states[TcpState::CloseWait], 1);
  EXPECT_EQ(states[TcpState::FinWait2], 1);
  EXPECT_EQ(states[TcpState::SynSent], 1);
}

TEST(RecordedDump, ReplayWithAnotherSeqSkipsEverythingAndNeverEnds) {
  auto dump = read_recorded_dump(kData + "scene-tcp4.dump");
  ASSERT_TRUE(dump.ok());
  DumpExpectation other = dump->expect;
  other.seq += 1;
  RecordedSource source(*dump);
  std::vector<SocketRecord> records;
  auto end = read_dump(source, other, records);
  ASSERT_FALSE(end.ok());
  EXPECT_EQ(end.error().err, ENODATA);
  EXPECT_TRUE(records.empty());
}

TEST(RecordedDump, RecordingCutBeforeDoneIsAnError) {
  auto dump = read_recorded_dump(kData + "bulk-tcp4.dump");
  ASSERT_TRUE(dump.ok());
  dump->datagrams.pop_back();
  RecordedSource source(*dump);
  std::vector<SocketRecord> records;
  auto end = read_dump(source, dump->expect, records);
  ASSERT_FALSE(end.ok());
  EXPECT_GT(records.size(), 300u);  // what came before stays
}

}  // namespace
}  // namespace sockscope

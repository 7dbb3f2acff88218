// The decoders undo the renderers: render synthetic data, decode it, and the
// fields (and what the text renderers print from them) come back the same.
#include "render/json_decode.h"

#include <gtest/gtest.h>

#include <string>

#include "render/socket_json.h"
#include "render/socket_table.h"
#include "render/status_json.h"
#include "render/status_text.h"
#include "../synthetic.h"

namespace sockscope {
namespace {

using nlohmann::json;
using test::owners_index;
using test::record;

std::vector<SocketRecord> sample_sockets() {
  std::vector<SocketRecord> sockets;
  sockets.push_back(record(Proto::Tcp, TcpState::Established, "10.0.0.1", 22, "10.0.0.9", 50122, 4711));
  SocketRecord& a = sockets.back();
  a.recv_q = 7;
  a.send_q = 4000;
  a.cookie = 0x1234567890ULL;
  a.uid = 33;
  a.ifindex = 2;
  a.timer = TimerInfo{TimerKind::Retransmit, 250, 3};
  a.shutdown = 2;
  std::string cc = "cubic";
  std::copy(cc.begin(), cc.end(), a.congestion.begin());
  a.mem = MemInfo{1, 2, 3, 4, 5, 6, 7, 8, 9};
  sockets.push_back(record(Proto::Tcp, TcpState::Listen, "::", 443, "::", 0, 4712));
  sockets.push_back(record(Proto::Udp, TcpState::Close, "::ffff:10.0.0.1", 53, "::", 0, 0));
  sockets.push_back(record(Proto::Tcp, TcpState::NewSynRecv, "10.0.0.1", 80, "10.0.0.3", 40000, 0));
  return sockets;
}

ProcessIndex sample_owners() {
  return owners_index({{4711, {ProcessRef{812, "sshd", 4}}},
                       {4712, {ProcessRef{10, "nginx", 3}, ProcessRef{11, "nginx", 3}}}});
}

std::vector<const SocketRecord*> pointers(const std::vector<SocketRecord>& sockets) {
  std::vector<const SocketRecord*> rows;
  for (const auto& s : sockets) rows.push_back(&s);
  return rows;
}

json render_listing(const std::vector<SocketRecord>& sockets, const ProcessIndex& owners) {
  fmt::memory_buffer out;
  render_sockets_json(out, pointers(sockets), owners);
  return json::parse(std::string(out.data(), out.size()));
}

TEST(DecodeSockets, RoundTripKeepsEveryField) {
  auto sockets = sample_sockets();
  auto owners = sample_owners();
  auto decoded = decode_sockets_json(render_listing(sockets, owners));
  ASSERT_TRUE(decoded) << decoded.error().describe();
  ASSERT_EQ(decoded->sockets.size(), sockets.size());
  for (size_t i = 0; i < sockets.size(); ++i) {
    const SocketRecord& want = sockets[i];
    const SocketRecord& got = decoded->sockets[i];
    EXPECT_EQ(got.proto, want.proto) << i;
    EXPECT_EQ(got.family, want.family) << i;
    EXPECT_EQ(user_visible(got.state), user_visible(want.state)) << i;
    EXPECT_EQ(got.local, want.local) << i;
    EXPECT_EQ(got.remote, want.remote) << i;
    EXPECT_EQ(got.recv_q, want.recv_q) << i;
    EXPECT_EQ(got.send_q, want.send_q) << i;
    EXPECT_EQ(got.inode, want.inode) << i;
    EXPECT_EQ(got.cookie, want.cookie) << i;
    EXPECT_EQ(got.uid, want.uid) << i;
    EXPECT_EQ(got.ifindex, want.ifindex) << i;
    EXPECT_EQ(got.timer.kind, want.timer.kind) << i;
    EXPECT_EQ(got.timer.expires_ms, want.timer.expires_ms) << i;
    EXPECT_EQ(got.timer.count, want.timer.count) << i;
    EXPECT_EQ(got.shutdown, want.shutdown) << i;
    EXPECT_EQ(got.congestion_name(), want.congestion_name()) << i;
    EXPECT_EQ(got.mem.has_value(), want.mem.has_value()) << i;
    EXPECT_FALSE(decoded->ages[i].has_value()) << "a direct listing has no ages";
  }
  EXPECT_EQ(decoded->sockets[0].mem->drops, 9u);
  ASSERT_FALSE(decoded->processes.find(4712).empty());
  EXPECT_EQ(decoded->processes.find(4712).size(), 2u);
  EXPECT_EQ(decoded->processes.find(4711)[0].comm, "sshd");
  EXPECT_EQ(decoded->processes.find(4711)[0].pid, 812);
  EXPECT_EQ(decoded->processes.find(4711)[0].fd, 4);
}

TEST(DecodeSockets, TableFromDecodedDataMatchesTheDirectTable) {
  auto sockets = sample_sockets();
  auto owners = sample_owners();
  auto decoded = decode_sockets_json(render_listing(sockets, owners));
  ASSERT_TRUE(decoded);
  fmt::memory_buffer direct, via_json;
  render_socket_table(direct, pointers(sockets), owners);
  render_socket_table(via_json, pointers(decoded->sockets), decoded->processes);
  EXPECT_EQ(fmt::to_string(via_json), fmt::to_string(direct));
}

TEST(DecodeSockets, AgesFromTheDaemon) {
  json listing = render_listing(sample_sockets(), sample_owners());
  listing["sockets"][0]["state_age_s"] = 5412.031;
  listing["sockets"][0]["first_seen"] = 1795785823.04;
  listing["sockets"][1]["state_age_s"] = nullptr;
  listing["sockets"][1]["first_seen"] = nullptr;
  auto decoded = decode_sockets_json(listing);
  ASSERT_TRUE(decoded) << decoded.error().describe();
  EXPECT_DOUBLE_EQ(decoded->ages[0].value(), 5412.031);
  EXPECT_FALSE(decoded->ages[1].has_value());
  EXPECT_FALSE(decoded->ages[2].has_value());
}

TEST(DecodeSockets, AgeColumnOnlyWithAges) {
  auto sockets = sample_sockets();
  std::vector<std::optional<double>> ages = {45.0, 2820.0, std::nullopt, 11520.5};
  fmt::memory_buffer with, without;
  render_socket_table(with, pointers(sockets), sample_owners(), TableOptions{.ages = &ages});
  render_socket_table(without, pointers(sockets), sample_owners());
  std::string text = fmt::to_string(with);
  EXPECT_EQ(text.rfind("Netid State      Age Recv-Q", 0), 0u) << text;
  EXPECT_NE(text.find("ESTAB      45s"), std::string::npos) << text;
  EXPECT_NE(text.find("LISTEN     47m"), std::string::npos) << text;
  EXPECT_NE(text.find("UNCONN       -"), std::string::npos) << text;
  EXPECT_NE(text.find("SYN-RECV 3h12m"), std::string::npos) << text;
  EXPECT_EQ(fmt::to_string(without).find("Age"), std::string::npos);
}

TEST(DecodeSockets, NamesTheBadField) {
  json listing = render_listing(sample_sockets(), sample_owners());
  listing["sockets"][1]["local"]["addr"] = "not-an-address";
  auto decoded = decode_sockets_json(listing);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("local.addr"), std::string::npos) << decoded.error().message;

  listing = render_listing(sample_sockets(), sample_owners());
  listing["sockets"][0].erase("recv_q");
  decoded = decode_sockets_json(listing);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("recv_q"), std::string::npos);

  EXPECT_FALSE(decode_sockets_json(json::array()));
  EXPECT_FALSE(decode_sockets_json(json{{"sockets", 3}}));
  EXPECT_TRUE(decode_sockets_json(json{{"sockets", json::array()}}));
}

Snapshot status_snapshot() {
  Snapshot snap;
  snap.taken_at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1795791235070));
  snap.poll_duration = std::chrono::microseconds(780);
  auto add = [&](Proto p, TcpState s, uint32_t recv_q, uint32_t send_q) { test::add_socket(snap, p, s, recv_q, send_q); };
  add(Proto::Tcp, TcpState::Established, 100, 0);
  add(Proto::Tcp, TcpState::CloseWait, 1, 0);
  add(Proto::Tcp, TcpState::NewSynRecv, 0, 0);
  add(Proto::Tcp, TcpState::Listen, 129, 128);
  add(Proto::Udp, TcpState::Close, 500, 0);
  add(Proto::Udp, TcpState::Established, 0, 64);
  Sysctls& k = snap.system.sysctls;
  k.tcp_mem = Triple{1000, 2000, 3000};
  k.tcp_rmem = Triple{4096, 131072, 6291456};
  k.somaxconn = 4096;
  k.tcp_max_tw_buckets = 262144;
  k.ip_local_port_range = PortRange{32768, 60999};
  snap.system.sockstat.lines["TCP"] = {{"inuse", 9}, {"orphan", 2}, {"tw", 1}, {"alloc", 12}, {"mem", 1500}};
  snap.system.sockstat.lines["UDP6"] = {{"inuse", 0}};
  snap.system.sockstat.lines["sockets"] = {{"used", 40}};
  snap.dump.retries = 1;
  snap.dump.udp_available = false;
  return snap;
}

TEST(DecodeStatus, RoundTripGivesTheSameJsonAndText) {
  StatusSummary summary = summarize_status(status_snapshot());
  json rendered = json(status_to_json(summary));
  rendered["daemon"] = {{"uptime_s", 12.5}, {"polls", 25}};  // extra keys are ignored
  auto decoded = decode_status_json(rendered);
  ASSERT_TRUE(decoded) << decoded.error().describe();
  rendered.erase("daemon");
  EXPECT_EQ(json(status_to_json(*decoded)), rendered);
  fmt::memory_buffer want, got;
  render_status_text(want, summary);
  render_status_text(got, *decoded);
  EXPECT_EQ(fmt::to_string(got), fmt::to_string(want));
}

TEST(DecodeStatus, UnreadableFiguresStayUnknown) {
  StatusSummary summary = summarize_status(Snapshot{});
  auto decoded = decode_status_json(json(status_to_json(summary)));
  ASSERT_TRUE(decoded) << decoded.error().describe();
  EXPECT_FALSE(decoded->sysctls.somaxconn);
  EXPECT_FALSE(decoded->tcp_mem.limits);
  EXPECT_EQ(decoded->tcp_mem.zone, MemoryZone::Unknown);
}

TEST(DecodeStatus, NamesTheBadField) {
  json rendered = json(status_to_json(summarize_status(status_snapshot())));
  rendered["tcp_mem"]["zone"] = "sideways";
  auto decoded = decode_status_json(rendered);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("zone"), std::string::npos) << decoded.error().message;
  EXPECT_FALSE(decode_status_json(json::object()));
}

}  // namespace
}  // namespace sockscope

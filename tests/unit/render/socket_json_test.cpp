#include "render/socket_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "render/tcp_info_fields.h"
#include "../synthetic.h"

namespace sockscope {
namespace {

using nlohmann::json;
using test::owners_index;
using test::record;

json render(const std::vector<SocketRecord>& records, const ProcessIndex& processes) {
  std::vector<const SocketRecord*> pointers;
  for (const auto& r : records) pointers.push_back(&r);
  fmt::memory_buffer out;
  render_sockets_json(out, pointers, processes);
  return json::parse(fmt::to_string(out));  // strict: throws on anything malformed
}

TEST(SocketJson, EmptyList) {
  fmt::memory_buffer out;
  render_sockets_json(out, {}, ProcessIndex{});
  EXPECT_EQ(fmt::to_string(out), "{\"sockets\": []}\n");
}

TEST(SocketJson, ContractFields) {
  SocketRecord s = record(Proto::Tcp, TcpState::Established, "10.0.0.1", 80, "192.168.1.7", 50000, 111);
  s.recv_q = 7;
  s.send_q = 9;
  s.cookie = 0xffffffffffffffffull;
  s.uid = 33;
  s.ifindex = 2;
  s.timer = {TimerKind::Retransmit, 200, 3};
  s.shutdown = 2;
  std::memcpy(s.congestion.data(), "cubic", 5);
  s.mem = MemInfo{1, 2, 3, 4, 5, 6, 7, 8, 9};
  ProcessIndex processes = owners_index({{111, {{10, "ng\"inx\xff", 3}, {11, "nginx", 4}}}});

  json doc = render({s}, processes);
  ASSERT_EQ(doc["sockets"].size(), 1u);
  const json& j = doc["sockets"][0];
  EXPECT_EQ(j["proto"], "tcp");
  EXPECT_EQ(j["family"], "inet");
  EXPECT_EQ(j["state"], "ESTABLISHED");
  EXPECT_EQ(j["local"], (json{{"addr", "10.0.0.1"}, {"port", 80}}));
  EXPECT_EQ(j["remote"], (json{{"addr", "192.168.1.7"}, {"port", 50000}}));
  EXPECT_EQ(j["recv_q"], 7);
  EXPECT_EQ(j["send_q"], 9);
  EXPECT_EQ(j["inode"], 111);
  EXPECT_EQ(j["cookie"].get<uint64_t>(), 0xffffffffffffffffull);
  EXPECT_EQ(j["uid"], 33);
  EXPECT_EQ(j["ifindex"], 2);
  EXPECT_EQ(j["timer"], (json{{"kind", "retransmit"}, {"expires_ms", 200}, {"count", 3}}));
  EXPECT_EQ(j["shutdown"], 2);
  EXPECT_EQ(j["congestion"], "cubic");
  ASSERT_EQ(j["processes"].size(), 2u);
  EXPECT_EQ(j["processes"][0]["pid"], 10);
  EXPECT_EQ(j["processes"][0]["comm"], "ng\"inx\xef\xbf\xbd");
  EXPECT_EQ(j["processes"][0]["fd"], 3);
  EXPECT_EQ(j["processes"][1]["comm"], "nginx");
  EXPECT_EQ(j["mem"]["rmem_alloc"], 1);
  EXPECT_EQ(j["mem"]["wmem_queued"], 6);
  EXPECT_EQ(j["mem"]["drops"], 9);
  EXPECT_FALSE(j.contains("tcp_info"));
}

TEST(SocketJson, OptionalPartsAreLeftOut) {
  SocketRecord s = record(Proto::Udp, TcpState::Close, "::", 5353, "::", 0);
  json j = render({s}, ProcessIndex{})["sockets"][0];
  EXPECT_EQ(j["proto"], "udp");
  EXPECT_EQ(j["family"], "inet6");
  EXPECT_EQ(j["state"], "CLOSE");  // the table says UNCONN; JSON keeps the kernel's name
  EXPECT_EQ(j["local"]["addr"], "::");
  EXPECT_EQ(j["remote"]["port"], 0);
  EXPECT_EQ(j["processes"], json::array());
  EXPECT_EQ(j["timer"]["kind"], "none");
  for (const char* key : {"shutdown", "congestion", "tcp_info", "mem"}) EXPECT_FALSE(j.contains(key)) << key;
}

TEST(SocketJson, WithoutDetailsTcpInfoAndMemAreLeftOut) {
  SocketRecord s = record(Proto::Tcp, TcpState::Established, "10.0.0.1", 80, "10.0.0.2", 50000, 111);
  s.tcp_info.rtt = 250;
  s.tcp_info_len = sizeof(TcpInfo);
  s.mem = MemInfo{1, 2, 3, 4, 5, 6, 7, 8, 9};
  const TrackedFields tracked{12.5, 1700000000.25};
  ProcessIndex processes = owners_index({{111, {{10, "nginx", 3}}}});

  fmt::memory_buffer full;
  append_socket_json(full, s, processes.find(111), SocketJsonParts{&tracked, true});
  json with = json::parse(fmt::to_string(full));
  EXPECT_EQ(with["tcp_info"]["rtt_us"], 250) << with.dump();
  EXPECT_EQ(with["mem"]["drops"], 9);

  fmt::memory_buffer brief;
  append_socket_json(brief, s, processes.find(111), SocketJsonParts{&tracked, false});
  json without = json::parse(fmt::to_string(brief));
  EXPECT_FALSE(without.contains("tcp_info"));
  EXPECT_FALSE(without.contains("mem"));
  // Everything else stays as it was.
  with.erase("tcp_info");
  with.erase("mem");
  EXPECT_EQ(without, with);
  EXPECT_EQ(without["state_age_s"], 12.5);
  EXPECT_EQ(without["processes"][0]["comm"], "nginx");
}

TEST(SocketJson, KernelStateNames) {
  std::vector<SocketRecord> records;
  for (int i = 1; i < kTcpStateCount; ++i) {
    records.push_back(record(Proto::Tcp, static_cast<TcpState>(i), "10.0.0.1", 1, "10.0.0.2", 2));
  }
  json doc = render(records, ProcessIndex{});
  std::vector<std::string> states;
  for (const auto& j : doc["sockets"]) states.push_back(j["state"]);
  EXPECT_EQ(states, (std::vector<std::string>{"ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
                                              "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN",
                                              "CLOSING", "SYN_RECV"}));
}

TEST(SocketJson, TcpInfoStopsAtTheKernelsLength) {
  SocketRecord s = record(Proto::Tcp, TcpState::Established, "::1", 80, "::1", 50000);
  s.tcp_info.rtt = 250;
  s.tcp_info.rttvar = 50;
  s.tcp_info.snd_cwnd = 10;
  s.tcp_info.snd_ssthresh = 7;
  s.tcp_info.total_retrans = 4;
  s.tcp_info.pacing_rate = 1000;
  s.tcp_info.snd_wnd = 65535;
  s.tcp_info.wscale = 0x97;

  s.tcp_info_len = 104;  // an old kernel: up to total_retrans
  json j = render({s}, ProcessIndex{})["sockets"][0]["tcp_info"];
  EXPECT_EQ(j["rtt_us"], 250);
  EXPECT_EQ(j["rttvar_us"], 50);
  EXPECT_EQ(j["cwnd"], 10);
  EXPECT_EQ(j["ssthresh"], 7);
  EXPECT_EQ(j["total_retrans"], 4);
  EXPECT_EQ(j["snd_wscale"], 7);
  EXPECT_EQ(j["rcv_wscale"], 9);
  EXPECT_FALSE(j.contains("pacing_rate"));
  EXPECT_FALSE(j.contains("snd_wnd"));
  EXPECT_EQ(j.size(), 34u);

  s.tcp_info_len = sizeof(TcpInfo);
  j = render({s}, ProcessIndex{})["sockets"][0]["tcp_info"];
  EXPECT_EQ(j["pacing_rate"], 1000);
  EXPECT_EQ(j["snd_wnd"], 65535);
  EXPECT_EQ(j.size(), tcp_info_fields().size());
  for (const char* name : {"rtt_us", "rttvar_us", "rto_us", "ato_us", "backoff", "retransmits", "probes", "unacked",
                           "sacked", "lost", "retrans", "cwnd", "ssthresh", "snd_wnd", "rcv_wnd",
                           "last_data_sent_ms", "last_data_recv_ms", "last_ack_recv_ms", "bytes_acked",
                           "bytes_received", "bytes_sent", "bytes_retrans", "segs_out", "segs_in",
                           "delivery_rate", "busy_time_us", "rwnd_limited_us", "sndbuf_limited_us",
                           "notsent_bytes", "min_rtt_us", "pmtu", "rcv_space", "total_retrans"}) {
    EXPECT_TRUE(j.contains(name)) << name;
  }

  s.tcp_info_len = 3;  // part of the first bytes only
  j = render({s}, ProcessIndex{})["sockets"][0]["tcp_info"];
  EXPECT_EQ(j, (json{{"state", 0}, {"ca_state", 0}, {"retransmits", 0}}));
}

TEST(SocketJson, ManySocketsStayValid) {
  std::vector<SocketRecord> records;
  std::vector<ProcessIndex::Holding> holdings;
  for (uint64_t i = 0; i < 1000; ++i) {
    records.push_back(record(i % 2 ? Proto::Udp : Proto::Tcp, TcpState::Established, "10.0.0.1",
                             static_cast<uint16_t>(i), "::ffff:10.0.0.2", 1, i + 1));
    holdings.push_back({i + 1, {static_cast<int32_t>(i), std::string(1, static_cast<char>(i % 256)), 3}});
  }
  ProcessIndex processes(std::move(holdings));
  json doc = render(records, processes);
  EXPECT_EQ(doc["sockets"].size(), 1000u);
}

TEST(SocketJson, ChunksJoinIntoTheSameDocument) {
  std::vector<SocketRecord> records;
  for (uint64_t i = 0; i < 5000; ++i) {
    records.push_back(record(Proto::Tcp, TcpState::Established, "10.0.0.1", 80, "10.0.0.2", 1, i + 1));
    records.back().tcp_info_len = sizeof(TcpInfo);
  }
  std::vector<const SocketRecord*> pointers;
  for (const auto& r : records) pointers.push_back(&r);

  fmt::memory_buffer whole;
  render_sockets_json(whole, pointers, ProcessIndex{});
  ASSERT_GT(whole.size(), 2 * kJsonChunkBytes);

  std::string joined;
  size_t chunks = 0;
  fmt::memory_buffer out;
  render_sockets_json(out, pointers, ProcessIndex{}, [&](fmt::memory_buffer& chunk) {
    EXPECT_GE(chunk.size(), kJsonChunkBytes);
    joined.append(chunk.data(), chunk.size());
    chunk.clear();
    ++chunks;
  });
  joined.append(out.data(), out.size());
  EXPECT_GE(chunks, 2u);
  EXPECT_EQ(joined, fmt::to_string(whole));
}

}  // namespace
}  // namespace sockscope

namespace sockscope {
namespace {

TEST(ExpandSocketsListing, MatchesTheDirectLayout) {
  std::vector<SocketRecord> records;
  records.push_back(test::record(Proto::Tcp, TcpState::Listen, "0.0.0.0", 80, "0.0.0.0", 0, 1));
  records.push_back(test::record(Proto::Udp, TcpState::Close, "::1", 53, "::", 0, 2));
  records.push_back(test::record(Proto::Tcp, TcpState::Established, "10.0.0.1", 80, "10.0.0.2", 5, 3));
  ProcessIndex processes = test::owners_index({{1, {{7, "a,{\"proto\":", 3}}}});
  std::vector<const SocketRecord*> pointers;
  for (const auto& r : records) pointers.push_back(&r);
  fmt::memory_buffer direct;
  render_sockets_json(direct, pointers, processes);

  fmt::memory_buffer compact;
  compact.append(std::string_view(R"({"sockets":[)"));
  for (size_t i = 0; i < records.size(); ++i) {
    if (i > 0) compact.push_back(',');
    append_socket_json(compact, records[i], processes.find(records[i].inode));
  }
  compact.append(std::string_view("]}"));
  fmt::memory_buffer expanded;
  ASSERT_TRUE(expand_sockets_listing(fmt::to_string(compact), expanded));
  EXPECT_EQ(fmt::to_string(expanded), fmt::to_string(direct));
}

TEST(ExpandSocketsListing, EmptyAndForeignInput) {
  fmt::memory_buffer out;
  ASSERT_TRUE(expand_sockets_listing(R"({"sockets":[]})", out));
  fmt::memory_buffer direct;
  render_sockets_json(direct, {}, ProcessIndex{});
  EXPECT_EQ(fmt::to_string(out), fmt::to_string(direct));
  fmt::memory_buffer untouched;
  EXPECT_FALSE(expand_sockets_listing(R"({"status":1})", untouched));
  EXPECT_FALSE(expand_sockets_listing("", untouched));
  EXPECT_FALSE(expand_sockets_listing(R"({"sockets":[)", untouched));
  EXPECT_EQ(untouched.size(), 0u);
}

}  // namespace
}  // namespace sockscope

// `sockscope explain --direct` against real sockets in the test's namespace:
// picking a socket every way the command allows, and what it says.
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "../states/socket_scenarios.h"
#include "collect/poll.h"
#include "netlink/collector.h"
#include "netns_fixture.h"

namespace sockscope::testing {
namespace {

struct CliRun {
  int status = -1;
  std::string out;
  std::string err;
};

CliRun explain(const std::string& args) {
  char err_path[] = "/tmp/sockscope-explain-XXXXXX";
  int err_fd = ::mkstemp(err_path);
  if (err_fd >= 0) ::close(err_fd);
  CliRun run;
  run.out = run_command(std::string(SOCKSCOPE_CLI_PATH) + " explain --direct " + args + " 2>" + err_path, &run.status);
  std::ifstream err(err_path);
  std::stringstream text;
  text << err.rdbuf();
  run.err = text.str();
  std::remove(err_path);
  return run;
}

nlohmann::json parse_json(const CliRun& run) {
  auto json = nlohmann::json::parse(run.out, nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << run.out;
  return json;
}

std::string endpoint(Ip ip, uint16_t port) {
  return ip == Ip::V4 ? "127.0.0.1:" + std::to_string(port) : "[::1]:" + std::to_string(port);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The cookie of the socket the collector sees in `state` on these ports.
uint64_t cookie_of(TcpState state, uint16_t local_port, uint16_t remote_port) {
  auto collector = SocketCollector::open();
  if (!collector) throw std::runtime_error(collector.error().describe());
  PollOptions options;
  options.processes = false;
  options.system = false;
  auto snapshot = poll_snapshot(*collector, options);
  if (!snapshot) throw std::runtime_error(snapshot.error().describe());
  for (const SocketRecord& s : snapshot->sockets) {
    if (s.state == state && s.local.port == local_port && s.remote.port == remote_port) return s.cookie;
  }
  throw std::runtime_error("no such socket in the dump");
}

class ExplainCliTest : public NetnsTest {};

void expect_close_wait_by_pair(Ip ip) {
  TcpConn c = fin_wait2_close_wait(ip);
  const std::string local = endpoint(ip, c.server_port);
  const std::string peer = endpoint(ip, c.client_port);
  CliRun run = explain(local + " " + peer);
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_TRUE(contains(run.out, "tcp CLOSE_WAIT " + local + " -> " + peer + "\n")) << run.out;
  EXPECT_TRUE(contains(run.out, "Who closed first: the peer, " + peer + ".")) << run.out;
  EXPECT_TRUE(contains(run.out, "No timer: CLOSE_WAIT has no kernel timeout")) << run.out;
  EXPECT_TRUE(contains(run.out, "(pid " + std::to_string(::getpid()) + ", fd " + std::to_string(c.server.get()) + ")"))
      << run.out;
  EXPECT_TRUE(run.err.empty()) << run.err;
}

TEST_F(ExplainCliTest, Ipv4CloseWaitByLocalAndPeer) { expect_close_wait_by_pair(Ip::V4); }

TEST_F(ExplainCliTest, Ipv6CloseWaitByLocalAndPeer) { expect_close_wait_by_pair(Ip::V6); }

TEST_F(ExplainCliTest, CloseWaitAsJson) {
  TcpConn c = fin_wait2_close_wait(Ip::V4);
  CliRun run = explain("--json " + endpoint(Ip::V4, c.server_port) + " " + endpoint(Ip::V4, c.client_port));
  ASSERT_EQ(run.status, 0) << run.err;
  nlohmann::json json = parse_json(run);
  ASSERT_TRUE(json.is_object());
  for (const char* key : {"title", "proto", "state", "socket", "state_age_s", "meaning", "how_it_got_here", "timer",
                          "next", "queues", "memory", "shutdown", "owner", "age", "findings", "advice"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
  EXPECT_EQ(json["state"], "CLOSE_WAIT");
  EXPECT_TRUE(json["state_age_s"].is_null());
  const auto& socket = json["socket"];
  EXPECT_EQ(socket["inode"], inode_of(c.server));
  EXPECT_EQ(socket["local"]["port"], c.server_port);
  EXPECT_EQ(socket["timer"]["kind"], "none");
  EXPECT_EQ(socket["recv_q"], 1);   // the peer's FIN, unread
  EXPECT_EQ(socket["shutdown"], 1);  // receive side shut down by the FIN
  bool found_self = false;
  for (const auto& process : socket["processes"]) found_self = found_self || process["pid"] == ::getpid();
  EXPECT_TRUE(found_self) << socket.dump();
  EXPECT_FALSE(json["memory"].empty());  // the direct poll asks for skmeminfo
  ASSERT_FALSE(json["queues"].empty());
  EXPECT_TRUE(contains(json["queues"][0].get<std::string>(), "the peer's FIN waits to be read"));
}

TEST_F(ExplainCliTest, ListenerByFilterWords) {
  AcceptQueue q = accept_queue(Ip::V4, 4, 3);
  CliRun run = explain("--json --state listen --sport " + std::to_string(q.port));
  ASSERT_EQ(run.status, 0) << run.err;
  nlohmann::json json = parse_json(run);
  EXPECT_EQ(json["state"], "LISTEN");
  EXPECT_EQ(json["socket"]["recv_q"], 3);
  EXPECT_EQ(json["socket"]["send_q"], 4);
  ASSERT_FALSE(json["queues"].empty());
  EXPECT_TRUE(contains(json["queues"][0].get<std::string>(), "3 connections waiting for accept()"))
      << json["queues"].dump();
  EXPECT_TRUE(contains(json["queues"][0].get<std::string>(), "is 4.")) << json["queues"].dump();

  CliRun text = explain("--state listen --sport " + std::to_string(q.port));
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_TRUE(contains(text.out, "tcp LISTEN 127.0.0.1:" + std::to_string(q.port) + "\n")) << text.out;
}

// 3 of 4 is 75 %: not nearly full by default (90 %), nearly full with the
// listen_overflow threshold lowered in a config file.
TEST_F(ExplainCliTest, ConfigThresholdsDecideNearlyFull) {
  AcceptQueue q = accept_queue(Ip::V4, 4, 3);
  const std::string selection = "--state listen --sport " + std::to_string(q.port);
  CliRun plain = explain(selection);
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_FALSE(contains(plain.out, "75% full")) << plain.out;

  char config_path[] = "/tmp/sockscope-explain-config-XXXXXX";
  int fd = ::mkstemp(config_path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  std::ofstream(config_path) << "[detectors.listen_overflow]\nqueue_pct = 70\n";
  CliRun configured = explain(std::string("--config ") + config_path + " " + selection);
  std::remove(config_path);
  ASSERT_EQ(configured.status, 0) << configured.err;
  EXPECT_TRUE(contains(configured.out, "The queue is 75% full")) << configured.out;
}

TEST_F(ExplainCliTest, TimeWaitByCookie) {
  TcpConn c = time_wait(Ip::V4);
  const uint64_t cookie = cookie_of(TcpState::TimeWait, c.client_port, c.server_port);
  CliRun run = explain("--cookie " + std::to_string(cookie));
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_TRUE(contains(run.out, "tcp TIME_WAIT " + endpoint(Ip::V4, c.client_port))) << run.out;
  EXPECT_TRUE(contains(run.out, "The TIME_WAIT timer ends in")) << run.out;
  EXPECT_TRUE(contains(run.out, "TIME_WAIT always lasts 60 s")) << run.out;
  EXPECT_TRUE(contains(run.out, "No process: the kernel keeps this minisocket")) << run.out;

  std::ostringstream hex;
  hex << "0x" << std::hex << cookie;
  CliRun json_run = explain("--json --cookie " + hex.str());
  ASSERT_EQ(json_run.status, 0) << json_run.err;
  nlohmann::json json = parse_json(json_run);
  EXPECT_EQ(json["socket"]["cookie"], cookie);
  EXPECT_EQ(json["socket"]["timer"]["kind"], "time_wait");
  EXPECT_LE(json["socket"]["timer"]["expires_ms"].get<uint64_t>(), 60000u);
}

TEST_F(ExplainCliTest, UdpConnectedByPair) {
  UdpPair p = udp_pair(Ip::V4);
  CliRun run = explain("-u " + endpoint(Ip::V4, p.a_port) + " " + endpoint(Ip::V4, p.b_port));
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_TRUE(contains(run.out, "udp ESTAB " + endpoint(Ip::V4, p.a_port))) << run.out;
  EXPECT_TRUE(contains(run.out, "None: UDP has no timers")) << run.out;
}

TEST_F(ExplainCliTest, SeveralMatchesAreListedWithTheirCookies) {
  TcpConn c = established(Ip::V4);
  // The listener and the accepted connection share the local port.
  CliRun run = explain("--sport " + std::to_string(c.server_port));
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(run.out.starts_with("Cookie ")) << run.out;
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 3) << run.out;
  EXPECT_TRUE(contains(run.out, "LISTEN")) << run.out;
  EXPECT_TRUE(contains(run.out, "ESTAB")) << run.out;
  const uint64_t accepted = cookie_of(TcpState::Established, c.server_port, c.client_port);
  EXPECT_TRUE(contains(run.out, std::to_string(accepted) + " ")) << run.out;
  EXPECT_TRUE(contains(run.err, "2 sockets match '--sport " + std::to_string(c.server_port) + "'")) << run.err;
  EXPECT_TRUE(contains(run.err, "--cookie")) << run.err;

  CliRun json_run = explain("--json --sport " + std::to_string(c.server_port));
  EXPECT_EQ(json_run.status, 1);
  nlohmann::json json = parse_json(json_run);
  EXPECT_EQ(json["sockets"].size(), 2u) << json_run.out;
}

TEST_F(ExplainCliTest, NoMatchSaysSo) {
  CliRun run = explain("127.0.0.1:1 127.0.0.1:2");
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_EQ(run.err, "sockscope: no socket matches '127.0.0.1:1 127.0.0.1:2'\n");
}

TEST_F(ExplainCliTest, BadSelectionIsAUsageError) {
  CliRun run = explain("--cookie abc");
  EXPECT_EQ(run.status, 2);
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_TRUE(contains(run.err, "'abc'")) << run.err;
  CliRun both = explain("--cookie 5 --inode 6");
  EXPECT_EQ(both.status, 2);
  EXPECT_TRUE(contains(both.err, "--cookie and --inode")) << both.err;
}

TEST_F(ExplainCliTest, StateInGeneralNeedsNoSockets) {
  CliRun run = explain("--state time-wait");
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_TRUE(run.out.starts_with("TCP state TIME_WAIT\n")) << run.out;
}

}  // namespace
}  // namespace sockscope::testing

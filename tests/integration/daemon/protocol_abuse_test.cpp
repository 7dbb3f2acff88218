// Abuse over the wire: each kind of bad request gets its documented error on
// the socket (or a close), and the daemon keeps serving everyone else.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>
#include <vector>

#include "daemon_fixture.h"
#include "tcp_sockets.h"

namespace sockscope::testing {
namespace {

using nlohmann::json;

struct Abuse {
  const char* name;
  std::string bytes;  // sent as is, newline included where the case has one
  const char* code;   // the error code expected back
};

std::string nested(int depth) {
  auto n = static_cast<size_t>(depth);
  return R"({"method":"status","id":)" + std::string(n, '[') + "1" + std::string(n, ']') + "}\n";
}

std::vector<Abuse> abuses() {
  return {
      {"not JSON", "hello daemon\n", "parse_error"},
      {"truncated JSON", "{\"method\":\"status\"\n", "parse_error"},
      {"trailing garbage", "{\"method\":\"status\"} x\n", "parse_error"},
      {"NUL byte", std::string("{\"method\":\"sta") + '\0' + "tus\"}\n", "parse_error"},
      {"invalid UTF-8", "{\"method\":\"st\xff\xfe\"}\n", "parse_error"},
      {"nesting 10,000 deep", nested(10000), "parse_error"},
      {"number overflow", "{\"method\":\"history\",\"params\":{\"seconds\":1e999}}\n", "parse_error"},
      {"binary garbage", std::string("\x01\x02\x03\x80\x90\xa0\n", 7), "parse_error"},
      {"array", "[{\"method\":\"status\"}]\n", "invalid_request"},
      {"bare number", "42\n", "invalid_request"},
      {"empty line", "\n", "invalid_request"},
      {"missing method", "{\"params\":{}}\n", "invalid_request"},
      {"method not a string", "{\"method\":1}\n", "invalid_request"},
      {"unknown method", "{\"method\":\"reboot\"}\n", "unknown_method"},
      {"params not an object", "{\"method\":\"sockets\",\"params\":[1]}\n", "invalid_request"},
      {"unknown param", "{\"method\":\"sockets\",\"params\":{\"stat\":\"listen\"}}\n", "invalid_request"},
      {"state of wrong type", "{\"method\":\"sockets\",\"params\":{\"state\":1}}\n", "invalid_request"},
      {"unknown state", "{\"method\":\"sockets\",\"params\":{\"state\":\"close-wiat\"}}\n", "bad_filter"},
      {"port out of range", "{\"method\":\"sockets\",\"params\":{\"sport\":65536}}\n", "bad_filter"},
      {"bad prefix", "{\"method\":\"sockets\",\"params\":{\"dst\":\"10.0.0.0/33\"}}\n", "bad_filter"},
      {"unknown sort", "{\"method\":\"sockets\",\"params\":{\"sort\":\"size\"}}\n", "bad_filter"},
      {"negative seconds", "{\"method\":\"history\",\"params\":{\"seconds\":-5}}\n", "invalid_request"},
      {"newer version", "{\"version\":2,\"method\":\"status\"}\n", "unsupported_version"},
      {"version as text", "{\"version\":\"1\",\"method\":\"status\"}\n", "invalid_request"},
  };
}

TEST_F(DaemonTest, EveryKindOfBadRequestGetsItsErrorAndOthersAreServed) {
  start_daemon();
  auto bystander = Connection::open(socket_path());
  ASSERT_TRUE(bystander);
  for (const Abuse& abuse : abuses()) {
    SCOPED_TRACE(abuse.name);
    auto client = Connection::open(socket_path());
    ASSERT_TRUE(client);
    ASSERT_TRUE(client->send_text(abuse.bytes));
    auto line = client->read_line();
    ASSERT_TRUE(line) << "no answer";
    json reply = json::parse(*line, nullptr, false);
    ASSERT_TRUE(reply.is_object()) << *line;
    EXPECT_EQ(reply["version"], 1) << *line;
    ASSERT_TRUE(reply.contains("error")) << *line;
    EXPECT_EQ(reply["error"]["code"], abuse.code) << *line;
    EXPECT_FALSE(reply["error"]["message"].get<std::string>().empty());
    // The same connection still works after a bad line.
    json version = client->request({{"method", "version"}});
    EXPECT_EQ(version["result"]["protocol"], 1) << version.dump();
  }
  // A client connected all along was never disturbed.
  json status = bystander->request({{"method", "status"}});
  EXPECT_TRUE(status.contains("result")) << status.dump();
}

TEST_F(DaemonTest, HundredPipelinedRequestsAreAnsweredInOrder) {
  start_daemon();
  auto client = Connection::open(socket_path());
  ASSERT_TRUE(client);
  std::string burst;
  for (int i = 0; i < 100; ++i) {
    burst += json({{"method", i % 2 ? "version" : "status"}, {"id", i}}).dump() + "\n";
  }
  ASSERT_TRUE(client->send_text(burst));
  for (int i = 0; i < 100; ++i) {
    auto line = client->read_line();
    ASSERT_TRUE(line) << "answer " << i << " missing";
    json reply = json::parse(*line, nullptr, false);
    ASSERT_TRUE(reply.is_object());
    EXPECT_EQ(reply["id"], i);
    EXPECT_TRUE(reply.contains("result")) << *line;
  }
}

// What a user's script does: socat and jq, nothing of ours.
TEST_F(DaemonTest, SocatAndJqAreEnoughToAsk) {
  uint16_t port = 0;
  UniqueFd listener = tcp_listen(&port);
  ASSERT_TRUE(listener.valid());
  start_daemon();
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  const std::string ask = "echo '{\"method\":\"status\",\"id\":\"script\"}' | socat -t 5 - UNIX-CONNECT:" +
                          socket_path() + " | jq -e ";
  int status = -1;
  std::string out = run_command(ask + "'.version == 1 and .id == \"script\" and .result.counts.tcp.LISTEN == 1'",
                                &status);
  EXPECT_EQ(status, 0) << out;

  const std::string filtered = "echo '{\"method\":\"sockets\",\"params\":{\"state\":\"listen\"}}' | socat -t 5 - "
                               "UNIX-CONNECT:" + socket_path() + " | jq -r '.result.sockets[].local.port'";
  out = run_command(filtered, &status);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(out, std::to_string(port) + "\n");
}

// The socket is 0660 and group-owned: members may ask, others may not.
TEST_F(DaemonTest, OnlyTheSocketGroupMayConnect) {
  // Other users must be able to reach the socket file to be refused by its mode.
  ASSERT_EQ(::chmod(dir_.path().c_str(), 0711), 0);
  start_daemon({"--interval", "0.2", "--set", "daemon.socket_group=nogroup"});
  struct stat st {};
  ASSERT_EQ(::stat(socket_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0660u);

  const std::string request_file = dir_.file("request.json");
  run_command("echo '{\"method\":\"version\"}' > " + request_file + " && chmod 0644 " + request_file);
  const std::string ask = " socat -t 5 - UNIX-CONNECT:" + socket_path() + " < " + request_file + " 2>&1";
  int status = -1;
  // nobody in group nogroup: a member.
  std::string out = run_command("setpriv --reuid=65534 --regid=65534 --clear-groups" + ask, &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("\"protocol\":1"), std::string::npos) << out;
  // nobody in group daemon (gid 1) only: not a member.
  out = run_command("setpriv --reuid=65534 --regid=1 --clear-groups" + ask, &status);
  EXPECT_NE(status, 0) << out;
  EXPECT_NE(out.find("Permission denied"), std::string::npos) << out;
}

}  // namespace
}  // namespace sockscope::testing

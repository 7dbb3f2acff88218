// The JSON shape: every key always present, in a fixed order.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "explain/explanation_json.h"
#include "socket_cases.h"

namespace sockscope {
namespace {

const std::vector<std::string> kTopKeys = {
    "title", "proto",  "state",   "socket",   "state_age_s", "meaning", "how_it_got_here", "timer",
    "next",  "queues", "memory",  "shutdown", "owner",       "age",     "findings",        "advice",
};

std::vector<std::string> keys_of(const nlohmann::ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

test::SocketCase find_case(const std::string& name) {
  for (const auto& c : test::socket_cases()) {
    if (c.name == name) return c;
  }
  ADD_FAILURE() << "no case " << name;
  return {};
}

TEST(ExplanationJson, StateInGeneral) {
  auto json = explanation_json(explain_state(Proto::Tcp, TcpState::TimeWait));
  EXPECT_EQ(keys_of(json), kTopKeys);
  EXPECT_EQ(json["title"], "TCP state TIME_WAIT");
  EXPECT_EQ(json["proto"], "tcp");
  EXPECT_EQ(json["state"], "TIME_WAIT");
  EXPECT_TRUE(json["socket"].is_null());
  EXPECT_TRUE(json["state_age_s"].is_null());
  EXPECT_TRUE(json["memory"].is_array() && json["memory"].empty());
  EXPECT_TRUE(json["findings"].is_array() && json["findings"].empty());
  ASSERT_FALSE(json["meaning"].empty());
  EXPECT_TRUE(json["meaning"][0].is_string());
}

TEST(ExplanationJson, UdpInGeneralHasNoState) {
  auto json = explanation_json(explain_state(Proto::Udp, TcpState::Close));
  EXPECT_EQ(keys_of(json), kTopKeys);
  EXPECT_EQ(json["proto"], "udp");
  EXPECT_TRUE(json["state"].is_null());
}

TEST(ExplanationJson, OneSocket) {
  auto json = explanation_json(explain_socket(find_case("close-wait-leak").context()));
  EXPECT_EQ(keys_of(json), kTopKeys);
  EXPECT_EQ(json["state"], "CLOSE_WAIT");
  EXPECT_EQ(json["state_age_s"], 900.0);
  const auto& socket = json["socket"];
  EXPECT_EQ(keys_of(socket), (std::vector<std::string>{"proto", "family", "state", "local", "remote", "recv_q",
                                                       "send_q", "inode", "cookie", "uid", "timer", "shutdown",
                                                       "processes"}));
  EXPECT_EQ(socket["local"]["addr"], "10.0.0.1");
  EXPECT_EQ(socket["local"]["port"], 8080);
  EXPECT_EQ(socket["remote"]["port"], 51334);
  EXPECT_EQ(socket["cookie"], 7001u);
  EXPECT_EQ(socket["inode"], 41001u);
  EXPECT_EQ(socket["recv_q"], 101u);
  EXPECT_EQ(socket["timer"]["kind"], "none");
  EXPECT_EQ(socket["shutdown"], 1);
  ASSERT_EQ(socket["processes"].size(), 1u);
  EXPECT_EQ(socket["processes"][0]["comm"], "api-server");
  EXPECT_EQ(socket["processes"][0]["pid"], 2211);
  ASSERT_EQ(json["findings"].size(), 1u);
  const auto& finding = json["findings"][0];
  EXPECT_EQ(keys_of(finding), (std::vector<std::string>{"id", "kind", "severity", "subject", "summary", "advice"}));
  EXPECT_EQ(finding["severity"], "critical");
  EXPECT_EQ(finding["kind"], "close_wait_buildup");
}

TEST(ExplanationJson, AbsentFiguresAreNullOrEmpty) {
  auto json = explanation_json(explain_socket(find_case("time-wait").context()));
  EXPECT_TRUE(json["socket"]["shutdown"].is_null());
  EXPECT_TRUE(json["socket"]["processes"].empty());
  EXPECT_TRUE(json["state_age_s"].is_null());
  EXPECT_TRUE(json["memory"].empty());
  EXPECT_EQ(json["socket"]["timer"]["kind"], "time_wait");
  EXPECT_EQ(json["socket"]["timer"]["expires_ms"], 42000u);
}

TEST(ExplanationJson, Ipv6AddressesArePlain) {
  auto json = explanation_json(explain_socket(find_case("established-idle-ipv6").context()));
  EXPECT_EQ(json["socket"]["family"], "inet6");
  EXPECT_EQ(json["socket"]["local"]["addr"], "2001:db8::10");
  EXPECT_EQ(json["title"], "tcp ESTABLISHED [2001:db8::10]:443 -> [2001:db8::99]:60000");
}

TEST(ExplanationJson, RoundTripsThroughText) {
  auto json = explanation_json(explain_socket(find_case("listen-overflow").context()));
  auto parsed = nlohmann::ordered_json::parse(json.dump(2));
  EXPECT_EQ(parsed, json);
}

}  // namespace
}  // namespace sockscope

// Good requests of every method parse to what the daemon needs.
#include <gtest/gtest.h>

#include "filter/state_selector.h"
#include "ipc/protocol.h"
#include "ipc_test_util.h"

namespace sockscope::ipc {
namespace {

using test::parsed;

TEST(RequestTest, EachMethodWithoutParams) {
  EXPECT_EQ(parsed(R"({"method":"status"})").method, Method::Status);
  EXPECT_EQ(parsed(R"({"method":"sockets"})").method, Method::Sockets);
  EXPECT_EQ(parsed(R"({"method":"history"})").method, Method::History);
  EXPECT_EQ(parsed(R"({"method":"subscribe"})").method, Method::Subscribe);
  EXPECT_EQ(parsed(R"({"method":"version"})").method, Method::Version);
}

TEST(RequestTest, VersionOneOrMissing) {
  EXPECT_EQ(parsed(R"({"version":1,"method":"version"})").method, Method::Version);
  EXPECT_EQ(parsed(R"({"version":1.0,"method":"version"})").method, Method::Version);
  EXPECT_EQ(parsed(R"({"version":null,"method":"version"})").method, Method::Version);
}

TEST(RequestTest, EmptyAndNullParams) {
  EXPECT_EQ(parsed(R"({"method":"status","params":{}})").method, Method::Status);
  EXPECT_EQ(parsed(R"({"method":"status","params":null})").method, Method::Status);
}

TEST(RequestTest, WhitespaceAndCarriageReturnAreFine) {
  EXPECT_EQ(parsed(" { \"method\" : \"status\" } \r").method, Method::Status);
}

TEST(RequestTest, IdOfAnyKindIsKept) {
  EXPECT_TRUE(parsed(R"({"method":"status"})").id.is_null());
  EXPECT_EQ(parsed(R"({"method":"status","id":42})").id, 42);
  EXPECT_EQ(parsed(R"({"method":"status","id":"req-1"})").id, "req-1");
  EXPECT_EQ(parsed(R"({"method":"status","id":{"a":[1,"x"]}})").id, nlohmann::json::parse(R"({"a":[1,"x"]})"));
}

TEST(RequestTest, SocketsDefaults) {
  Request request = parsed(R"({"method":"sockets"})");
  EXPECT_TRUE(request.filter.states.empty());
  EXPECT_FALSE(request.filter.sport || request.filter.dport || request.filter.src || request.filter.dst ||
               request.filter.process);
  EXPECT_FALSE(request.filter.tcp || request.filter.udp || request.filter.ipv4 || request.filter.ipv6);
  EXPECT_FALSE(request.sort);
  EXPECT_TRUE(request.processes);
  EXPECT_TRUE(request.details);
  EXPECT_EQ(request.socket_filter.states, kAllStates);
}

TEST(RequestTest, SocketsEveryParam) {
  Request request = parsed(R"({"version":1,"method":"sockets","id":3,"params":{
      "state":["close-wait","LISTEN"],"sport":80,"dport":"443","src":"10.0.0.0/8","dst":"::1",
      "process":"nginx","tcp":true,"udp":false,"ipv4":true,"ipv6":false,"sort":"age","processes":false,
      "details":false}})");
  EXPECT_EQ(request.method, Method::Sockets);
  EXPECT_EQ(request.id, 3);
  EXPECT_EQ(request.filter.states, (std::vector<std::string>{"close-wait", "LISTEN"}));
  EXPECT_EQ(request.filter.sport, "80");
  EXPECT_EQ(request.filter.dport, "443");
  EXPECT_EQ(request.filter.src, "10.0.0.0/8");
  EXPECT_EQ(request.filter.dst, "::1");
  EXPECT_EQ(request.filter.process, "nginx");
  EXPECT_TRUE(request.filter.tcp);
  EXPECT_FALSE(request.filter.udp);
  EXPECT_TRUE(request.filter.ipv4);
  EXPECT_FALSE(request.filter.ipv6);
  EXPECT_EQ(request.sort, "age");
  EXPECT_FALSE(request.processes);
  EXPECT_FALSE(request.details);

  const SocketFilter& filter = request.socket_filter;
  EXPECT_EQ(filter.states, state_bit(TcpState::CloseWait) | state_bit(TcpState::Listen));
  EXPECT_TRUE(filter.tcp);
  EXPECT_FALSE(filter.udp);
  EXPECT_TRUE(filter.ipv4);
  EXPECT_FALSE(filter.ipv6);
  EXPECT_EQ(filter.sport, 80);
  EXPECT_EQ(filter.dport, 443);
  EXPECT_TRUE(filter.src && filter.dst);
  ASSERT_TRUE(filter.process);
  EXPECT_EQ(filter.process->comm, "nginx");
}

TEST(RequestTest, StateAsOneString) {
  Request request = parsed(R"({"method":"sockets","params":{"state":"established"}})");
  EXPECT_EQ(request.filter.states, std::vector<std::string>{"established"});
  EXPECT_EQ(request.socket_filter.states, state_bit(TcpState::Established));
}

TEST(RequestTest, PortLimitsAndProcessPid) {
  Request request = parsed(R"({"method":"sockets","params":{"sport":0,"dport":65535,"process":1234}})");
  EXPECT_EQ(request.socket_filter.sport, 0);
  EXPECT_EQ(request.socket_filter.dport, 65535);
  ASSERT_TRUE(request.socket_filter.process);
  EXPECT_EQ(request.socket_filter.process->pid, 1234);
}

TEST(RequestTest, NullParamIsAbsent) {
  Request request = parsed(R"({"method":"sockets","params":{"sport":null,"state":null,"tcp":null}})");
  EXPECT_FALSE(request.filter.sport);
  EXPECT_TRUE(request.filter.states.empty());
  EXPECT_FALSE(request.filter.tcp);
}

TEST(RequestTest, SortKeysAreNormalized) {
  EXPECT_EQ(parsed(R"({"method":"sockets","params":{"sort":"recvq"}})").sort, "recvq");
  EXPECT_EQ(parsed(R"({"method":"sockets","params":{"sort":"Send-Q"}})").sort, "sendq");
  EXPECT_EQ(parsed(R"({"method":"sockets","params":{"sort":"STATE"}})").sort, "state");
  EXPECT_EQ(parsed(R"({"method":"sockets","params":{"sort":"age"}})").sort, "age");
}

TEST(RequestTest, SocketsLimit) {
  EXPECT_FALSE(parsed(R"({"method":"sockets"})").limit);
  EXPECT_EQ(parsed(R"({"method":"sockets","params":{"limit":500,"sort":"age"}})").limit, 500u);
  EXPECT_EQ(parsed(R"({"method":"sockets","params":{"limit":10000000}})").limit, 10'000'000u);
}

TEST(RequestTest, SocketsOffset) {
  EXPECT_FALSE(parsed(R"({"method":"sockets"})").offset);
  EXPECT_EQ(parsed(R"({"method":"sockets","params":{"offset":0}})").offset, 0u);
  EXPECT_EQ(parsed(R"({"method":"sockets","params":{"offset":9800,"limit":200,"sort":"recvq"}})").offset, 9800u);
  EXPECT_EQ(parsed(R"({"method":"sockets","params":{"offset":10000000}})").offset, 10'000'000u);
  EXPECT_FALSE(parsed(R"({"method":"sockets","params":{"offset":null}})").offset);  // null counts as absent
}

TEST(RequestTest, HistorySeconds) {
  EXPECT_FALSE(parsed(R"({"method":"history"})").history_seconds);
  EXPECT_EQ(parsed(R"({"method":"history","params":{"seconds":600}})").history_seconds, 600.0);
  EXPECT_EQ(parsed(R"({"method":"history","params":{"seconds":0.5}})").history_seconds, 0.5);
}

}  // namespace
}  // namespace sockscope::ipc

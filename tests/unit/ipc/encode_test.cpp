// Response lines: one line each, "version" first, id echoed, never a throw.
#include <gtest/gtest.h>

#include "ipc/protocol.h"
#include "ipc_test_util.h"

namespace sockscope::ipc {
namespace {

using nlohmann::json;

void expect_one_line(const std::string& line) {
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << line;
  EXPECT_TRUE(json::accept(line)) << line;
}

TEST(EncodeTest, MethodNamesRoundTrip) {
  for (Method m : {Method::Status, Method::Sockets, Method::History, Method::Subscribe, Method::Version}) {
    EXPECT_EQ(method_from_name(method_name(m)), m);
  }
  EXPECT_FALSE(method_from_name("STATUS"));
}

TEST(EncodeTest, ResultWithoutId) {
  std::string line = encode_result(Method::Version, nullptr, json{{"version", "0.1.0"}, {"protocol", 1}});
  expect_one_line(line);
  EXPECT_EQ(line, R"({"version":1,"method":"version","result":{"protocol":1,"version":"0.1.0"}})"
                  "\n");
}

TEST(EncodeTest, ResultEchoesId) {
  std::string line = encode_result(Method::Status, json{{"k", "v"}}, json::object());
  EXPECT_EQ(line, R"({"version":1,"method":"status","id":{"k":"v"},"result":{}})"
                  "\n");
}

TEST(EncodeTest, OrderedResultKeepsKeyOrder) {
  nlohmann::ordered_json status;
  status["counts"] = 1;
  status["aaa"] = 2;
  std::string line = encode_result(Method::Status, 5, status);
  EXPECT_EQ(line, R"({"version":1,"method":"status","id":5,"result":{"counts":1,"aaa":2}})"
                  "\n");
}

TEST(EncodeTest, BracedAndNullResultsPickTheJsonOverload) {
  EXPECT_EQ(encode_result(Method::Version, 1, {{"protocol", 1}}),
            R"({"version":1,"method":"version","id":1,"result":{"protocol":1}})"
            "\n");
  EXPECT_EQ(encode_result(Method::Status, nullptr, nullptr), R"({"version":1,"method":"status","result":null})"
                                                             "\n");
  EXPECT_EQ(encode_poll_event(nullptr, {{"a", 1}}), R"({"version":1,"method":"status","event":"poll","result":{"a":1}})"
                                                    "\n");
}

TEST(EncodeTest, ResultTextDropsNewlines) {
  std::string line = encode_result_text(Method::Sockets, "x", "{\"sockets\": [\n{\"a\":\"b\\nc\"},\r\n{}\n]}\n");
  expect_one_line(line);
  auto message = json::parse(line);
  EXPECT_EQ(message["result"]["sockets"][0]["a"], "b\nc");  // escaped newlines survive
  EXPECT_EQ(message["id"], "x");
}

TEST(EncodeTest, HeadAndTailMakeTheSameLine) {
  json result = {{"sockets", json::array()}};
  EXPECT_EQ(result_head(Method::Sockets, 9) + result.dump() + std::string(kResultTail),
            encode_result(Method::Sockets, 9, result));
}

TEST(EncodeTest, PollEvent) {
  std::string line = encode_poll_event("sub", json{{"daemon", {{"polls", 3}}}});
  expect_one_line(line);
  EXPECT_EQ(line, R"({"version":1,"method":"status","event":"poll","id":"sub","result":{"daemon":{"polls":3}}})"
                  "\n");
}

TEST(EncodeTest, ErrorShape) {
  std::string line = encode_error(ProtocolError{"unknown_method", "unknown method 'x'", 1});
  EXPECT_EQ(line, R"({"version":1,"id":1,"error":{"code":"unknown_method","message":"unknown method 'x'"}})"
                  "\n");
  EXPECT_EQ(encode_error(ProtocolError{"busy", "too many clients", nullptr}),
            R"({"version":1,"error":{"code":"busy","message":"too many clients"}})"
            "\n");
}

TEST(EncodeTest, InvalidUtf8IsReplacedNotThrown) {
  std::string bad = "comm \xff\xc3";
  expect_one_line(encode_error(ProtocolError{"bad_filter", bad, bad}));
  expect_one_line(encode_result(Method::Sockets, bad, json{{"comm", bad}}));
  expect_one_line(encode_poll_event(bad, nlohmann::ordered_json{{"comm", bad}}));
  expect_one_line(result_head(Method::Status, bad) + "{}" + std::string(kResultTail));
}

TEST(EncodeTest, TooLongError) {
  ProtocolError error = too_long_error(kMaxRequestLine);
  EXPECT_EQ(error.code, error_code::kTooLong);
  EXPECT_NE(error.message.find("65536"), std::string::npos);
}

TEST(ClientCodecTest, RequestRoundTrips) {
  Request request;
  request.method = Method::Sockets;
  request.id = "c1";
  request.filter.states = {"close-wait", "listen"};
  request.filter.sport = "80";
  request.filter.dst = "::1";
  request.filter.process = "nginx";
  request.filter.tcp = true;
  request.filter.ipv6 = true;
  request.sort = "age";
  request.processes = false;
  request.details = false;
  request.limit = 200;
  request.offset = 9800;
  request.anchor = 0xffffffffffffffffull;
  request.anchor_row = 12;
  std::string line = encode_request(request);
  expect_one_line(line);
  EXPECT_TRUE(line.starts_with(R"({"version":1,"method":"sockets","id":"c1","params":{)")) << line;

  Request back = test::parsed(std::string_view(line).substr(0, line.size() - 1));
  EXPECT_EQ(back.method, Method::Sockets);
  EXPECT_EQ(back.id, "c1");
  EXPECT_EQ(back.filter.states, request.filter.states);
  EXPECT_EQ(back.filter.sport, "80");
  EXPECT_FALSE(back.filter.dport);
  EXPECT_EQ(back.filter.dst, "::1");
  EXPECT_EQ(back.filter.process, "nginx");
  EXPECT_EQ(back.limit, 200u);
  EXPECT_EQ(back.offset, 9800u);
  EXPECT_EQ(back.anchor, 0xffffffffffffffffull);
  EXPECT_EQ(back.anchor_row, 12u);
  EXPECT_TRUE(back.filter.tcp && back.filter.ipv6);
  EXPECT_FALSE(back.filter.udp || back.filter.ipv4);
  EXPECT_EQ(back.sort, "age");
  EXPECT_FALSE(back.processes);
  EXPECT_FALSE(back.details);

  // Defaults are left out of the line.
  Request plain;
  plain.method = Method::Sockets;
  std::string plain_line = encode_request(plain);
  EXPECT_EQ(plain_line.find("details"), std::string::npos) << plain_line;
  EXPECT_TRUE(test::parsed(std::string_view(plain_line).substr(0, plain_line.size() - 1)).details);
}

TEST(ClientCodecTest, ExplainRequestRoundTrips) {
  Request request;
  request.method = Method::Explain;
  request.endpoints = {"10.0.0.1:80", "[::1]:5000"};
  request.cookie = "0x2a";
  request.filter.states = {"close-wait"};
  request.filter.tcp = true;
  std::string line = encode_request(request);
  expect_one_line(line);
  Request back = test::parsed(std::string_view(line).substr(0, line.size() - 1));
  EXPECT_EQ(back.method, Method::Explain);
  EXPECT_EQ(back.endpoints, request.endpoints);
  EXPECT_EQ(back.cookie, "0x2a");
  EXPECT_FALSE(back.inode);
  EXPECT_EQ(back.filter.states, request.filter.states);
  EXPECT_TRUE(back.filter.tcp);

  Request by_inode;
  by_inode.method = Method::Explain;
  by_inode.inode = "4711";
  line = encode_request(by_inode);
  back = test::parsed(std::string_view(line).substr(0, line.size() - 1));
  EXPECT_EQ(back.inode, "4711");
  EXPECT_TRUE(back.endpoints.empty());
}

TEST(ClientCodecTest, PlainRequestsHaveNoParams) {
  Request status;
  EXPECT_EQ(encode_request(status), R"({"version":1,"method":"status"})"
                                    "\n");
  Request history;
  history.method = Method::History;
  history.history_seconds = 600;
  EXPECT_EQ(test::parsed(encode_request(history)).history_seconds, 600.0);
}

TEST(ClientCodecTest, ParsesResultsEventsAndErrors) {
  auto result = parse_response(encode_result(Method::Version, 4, json{{"protocol", 1}}));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->method, Method::Version);
  EXPECT_EQ(result->id, 4);
  EXPECT_EQ(result->result["protocol"], 1);
  EXPECT_FALSE(result->error);
  EXPECT_TRUE(result->event.empty());

  auto event = parse_response(encode_poll_event(nullptr, json::object()));
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->event, "poll");
  EXPECT_EQ(event->method, Method::Status);

  auto error = parse_response(encode_error(ProtocolError{"bad_filter", "unknown state 'x'", "q"}));
  ASSERT_TRUE(error.ok());
  ASSERT_TRUE(error->error);
  EXPECT_EQ(error->error->code, "bad_filter");
  EXPECT_EQ(error->error->message, "unknown state 'x'");
  EXPECT_EQ(error->id, "q");
}

TEST(ClientCodecTest, RefusesMalformedResponses) {
  EXPECT_FALSE(parse_response("garbage").ok());
  EXPECT_FALSE(parse_response("[]").ok());
  EXPECT_FALSE(parse_response(R"({"method":"status","result":{}})").ok());               // no version
  EXPECT_FALSE(parse_response(R"({"version":2,"method":"status","result":{}})").ok());   // other version
  EXPECT_FALSE(parse_response(R"({"version":1,"method":"status"})").ok());               // no result
  EXPECT_FALSE(parse_response(R"({"version":1,"method":"reboot","result":{}})").ok());   // unknown method
  EXPECT_FALSE(parse_response(R"({"version":1,"error":"oops"})").ok());
  EXPECT_FALSE(parse_response(std::string(100, '[') + std::string(100, ']')).ok());
}

}  // namespace
}  // namespace sockscope::ipc

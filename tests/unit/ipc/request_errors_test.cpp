// Every kind of bad request gets the documented error code, never an exception.
#include <gtest/gtest.h>

#include <string>

#include "ipc/protocol.h"
#include "ipc_test_util.h"

namespace sockscope::ipc {
namespace {

using test::refused;

struct BadRequest {
  const char* name;
  std::string line;
  const char* code;
  const char* message_part;  // the message must name the bad value
};

void PrintTo(const BadRequest& bad, std::ostream* os) { *os << bad.name; }

class BadRequestTest : public ::testing::TestWithParam<BadRequest> {};

TEST_P(BadRequestTest, GivesDocumentedCode) {
  const BadRequest& bad = GetParam();
  ProtocolError error = refused(bad.line);
  EXPECT_EQ(error.code, bad.code) << error.message;
  EXPECT_NE(error.message.find(bad.message_part), std::string::npos) << error.message;
  // The error always encodes to one line of valid JSON.
  std::string encoded = encode_error(error);
  EXPECT_EQ(encoded.find('\n'), encoded.size() - 1);
  EXPECT_TRUE(nlohmann::json::accept(encoded));
}

std::string nested(int depth) {
  auto size = static_cast<size_t>(depth);
  return R"({"method":"status","id":)" + std::string(size, '[') + "1" + std::string(size, ']') + "}";
}

const BadRequest kBadRequests[] = {
    {"NotJson", "hello", "parse_error", "not JSON"},
    {"TruncatedJson", R"({"method":"status")", "parse_error", "not JSON"},
    {"TrailingGarbage", R"({"method":"status"} x)", "parse_error", "not JSON"},
    {"NulByte", std::string(R"({"method":"status"})") + '\0', "parse_error", "NUL"},
    {"NulInsideString", std::string(R"({"method":"sta)") + '\0' + R"(tus"})", "parse_error", "NUL"},
    {"InvalidUtf8", "{\"method\":\"st\xff\xfe\"}", "parse_error", "not JSON"},
    {"OverlongUtf8", "{\"method\":\"\xc0\xaf\"}", "parse_error", "not JSON"},
    {"DeepNesting", nested(30000), "parse_error", "deeper than 32"},
    {"JustTooDeep", nested(32), "parse_error", "deeper than 32"},
    {"Array", R"([{"method":"status"}])", "invalid_request", "JSON object"},
    {"String", R"("status")", "invalid_request", "JSON object"},
    {"Number", "42", "invalid_request", "JSON object"},
    {"Null", "null", "invalid_request", "JSON object"},
    {"EmptyLine", "", "invalid_request", "empty"},
    {"BlankLine", " \t\r", "invalid_request", "empty"},
    {"MissingMethod", R"({"params":{}})", "invalid_request", "missing 'method'"},
    {"MethodNotString", R"({"method":1})", "invalid_request", "'method' must be a string"},
    {"MethodArray", R"({"method":["status"]})", "invalid_request", "'method' must be a string"},
    {"UnknownMethod", R"({"method":"reboot"})", "unknown_method", "'reboot'"},
    {"MethodWrongCase", R"({"method":"Status"})", "unknown_method", "'Status'"},
    {"UnknownTopLevelKey", R"({"method":"status","parms":{}})", "invalid_request", "'parms'"},
    {"ParamsNotObject", R"({"method":"sockets","params":[1]})", "invalid_request", "'params' must be an object"},
    {"ParamsString", R"({"method":"sockets","params":"state=listen"})", "invalid_request", "'params'"},
    {"UnknownParam", R"({"method":"sockets","params":{"stat":"listen"}})", "invalid_request", "'stat'"},
    {"ParamForStatus", R"({"method":"status","params":{"state":"listen"}})", "invalid_request", "'state'"},
    {"ParamForVersion", R"({"method":"version","params":{"x":1}})", "invalid_request", "'x'"},
    {"ParamForSubscribe", R"({"method":"subscribe","params":{"interval":1}})", "invalid_request", "'interval'"},
    {"StateNumber", R"({"method":"sockets","params":{"state":1}})", "invalid_request", "'state'"},
    {"StateArrayOfNumbers", R"({"method":"sockets","params":{"state":["listen",2]}})", "invalid_request",
     "'state'"},
    {"StateObject", R"({"method":"sockets","params":{"state":{"a":1}}})", "invalid_request", "'state'"},
    {"UnknownState", R"({"method":"sockets","params":{"state":"x"}})", "bad_filter", "unknown state 'x'"},
    {"UnknownStateInArray", R"({"method":"sockets","params":{"state":["listen","close-wiat"]}})", "bad_filter",
     "'close-wiat'"},
    {"PortTooBig", R"({"method":"sockets","params":{"sport":65536}})", "bad_filter", "'65536'"},
    {"PortNegative", R"({"method":"sockets","params":{"dport":-1}})", "bad_filter", "'-1'"},
    {"PortHuge", R"({"method":"sockets","params":{"dport":18446744073709551615}})", "bad_filter",
     "'18446744073709551615'"},
    {"PortStringTooBig", R"({"method":"sockets","params":{"dport":"70000"}})", "bad_filter", "'70000'"},
    {"PortName", R"({"method":"sockets","params":{"sport":"http"}})", "bad_filter", "'http'"},
    {"PortFraction", R"({"method":"sockets","params":{"sport":80.5}})", "invalid_request", "'sport'"},
    {"PortBool", R"({"method":"sockets","params":{"sport":true}})", "invalid_request", "'sport'"},
    {"BadAddress", R"({"method":"sockets","params":{"src":"10.0.0.300"}})", "bad_filter", "'10.0.0.300'"},
    {"BadPrefix", R"({"method":"sockets","params":{"dst":"10.0.0.0/33"}})", "bad_filter", "'33'"},
    {"AddressNotString", R"({"method":"sockets","params":{"src":167772160}})", "invalid_request", "'src'"},
    {"EmptyProcess", R"({"method":"sockets","params":{"process":""}})", "bad_filter", "bad process"},
    {"ProcessBool", R"({"method":"sockets","params":{"process":false}})", "invalid_request", "'process'"},
    {"TcpNotBool", R"({"method":"sockets","params":{"tcp":1}})", "invalid_request", "'tcp'"},
    {"Ipv6String", R"({"method":"sockets","params":{"ipv6":"yes"}})", "invalid_request", "'ipv6'"},
    {"ProcessesNotBool", R"({"method":"sockets","params":{"processes":"no"}})", "invalid_request",
     "'processes'"},
    {"AnchorNegative", R"({"method":"sockets","params":{"anchor":-1}})", "invalid_request", "'anchor'"},
    {"AnchorString", R"({"method":"sockets","params":{"anchor":"12"}})", "invalid_request", "'anchor'"},
    {"AnchorRowAlone", R"({"method":"sockets","params":{"anchor_row":3}})", "invalid_request", "'anchor_row'"},
    {"AnchorRowTooBig", R"({"method":"sockets","params":{"anchor":1,"anchor_row":10000001}})", "invalid_request",
     "'anchor_row'"},
    {"DetailsNotBool", R"({"method":"sockets","params":{"details":0}})", "invalid_request", "'details'"},
    {"UnknownSort", R"({"method":"sockets","params":{"sort":"size"}})", "bad_filter", "'size'"},
    {"SortNotString", R"({"method":"sockets","params":{"sort":1}})", "invalid_request", "'sort'"},
    {"LimitZero", R"({"method":"sockets","params":{"limit":0}})", "invalid_request", "'limit'"},
    {"LimitNegative", R"({"method":"sockets","params":{"limit":-3}})", "invalid_request", "not -3"},
    {"LimitFraction", R"({"method":"sockets","params":{"limit":2.5}})", "invalid_request", "not 2.5"},
    {"LimitString", R"({"method":"sockets","params":{"limit":"10"}})", "invalid_request", "'limit'"},
    {"LimitHuge", R"({"method":"sockets","params":{"limit":10000001}})", "invalid_request", "not 10000001"},
    {"OffsetNegative", R"({"method":"sockets","params":{"offset":-1}})", "invalid_request",
     "'offset' must be a whole number from 0 to 10000000, not -1"},
    {"OffsetFraction", R"({"method":"sockets","params":{"offset":2.5}})", "invalid_request",
     "'offset' must be a whole number from 0 to 10000000, not 2.5"},
    {"OffsetString", R"({"method":"sockets","params":{"offset":"10"}})", "invalid_request", "not \"10\""},
    {"OffsetBool", R"({"method":"sockets","params":{"offset":true}})", "invalid_request", "'offset'"},
    {"OffsetHuge", R"({"method":"sockets","params":{"offset":10000001}})", "invalid_request", "not 10000001"},
    {"OffsetOnHistory", R"({"method":"history","params":{"offset":5}})", "invalid_request", "'offset'"},
    {"SecondsZero", R"({"method":"history","params":{"seconds":0}})", "invalid_request", "'seconds'"},
    {"SecondsNegative", R"({"method":"history","params":{"seconds":-5}})", "invalid_request", "'seconds'"},
    {"SecondsString", R"({"method":"history","params":{"seconds":"600"}})", "invalid_request", "'seconds'"},
    {"NumberOverflow", R"({"method":"history","params":{"seconds":1e999}})", "parse_error", "overflow"},
    {"SecondsBool", R"({"method":"history","params":{"seconds":true}})", "invalid_request", "'seconds'"},
    {"VersionTwo", R"({"version":2,"method":"status"})", "unsupported_version", "version 2"},
    {"VersionZero", R"({"version":0,"method":"status"})", "unsupported_version", "version 0"},
    {"VersionFraction", R"({"version":1.5,"method":"status"})", "unsupported_version", "1.5"},
    {"VersionString", R"({"version":"1","method":"status"})", "invalid_request", "'version'"},
    // A newer client's new keys are reported as a version mismatch, not as unknown keys.
    {"VersionBeforeKeys", R"({"version":2,"method":"status","filter":{}})", "unsupported_version", "2"},
    {"TooLong", R"({"method":"status","id":")" + std::string(kMaxRequestLine, 'a') + R"("})", "too_long",
     "65536"},
};

INSTANTIATE_TEST_SUITE_P(Ipc, BadRequestTest, ::testing::ValuesIn(kBadRequests),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(RequestErrorsTest, IdIsEchoedInErrorsOnceReadable) {
  EXPECT_EQ(refused(R"({"id":7,"method":"reboot"})").id, 7);
  EXPECT_EQ(refused(R"({"id":"a","method":"sockets","params":{"state":"x"}})").id, "a");
  EXPECT_EQ(refused(R"({"id":[1,2],"version":9,"method":"status"})").id, nlohmann::json({1, 2}));
  EXPECT_TRUE(refused(R"({"id":7,"method":)").id.is_null());  // not JSON: no id to read
  std::string line = encode_error(refused(R"({"id":{"n":1},"method":1})"));
  auto message = nlohmann::json::parse(line);
  EXPECT_EQ(message["id"], nlohmann::json({{"n", 1}}));
  EXPECT_EQ(message["version"], 1);
  EXPECT_EQ(message["error"]["code"], "invalid_request");
}

TEST(RequestErrorsTest, LineOfExactlyTheLimitIsAccepted) {
  std::string head = R"({"method":"status","id":")";
  std::string tail = R"("})";
  std::string line = head + std::string(kMaxRequestLine - head.size() - tail.size(), 'a') + tail;
  ASSERT_EQ(line.size(), kMaxRequestLine);
  EXPECT_EQ(test::parsed(line).method, Method::Status);
  EXPECT_EQ(refused(line + " ").code, "too_long");
}

TEST(RequestErrorsTest, NestingAtTheLimitIsAccepted) {
  // The request object is level 1, so the id may add 31 more.
  std::string inner = "1";
  for (int i = 0; i < 31; ++i) inner = "[" + inner + "]";
  EXPECT_EQ(test::parsed(R"({"method":"status","id":)" + inner + "}").method, Method::Status);
}

TEST(RequestErrorsTest, BracketsInsideStringsDoNotCountAsNesting) {
  std::string id = std::string(200, '[') + "\\\"" + std::string(200, '{');
  EXPECT_EQ(test::parsed(R"({"method":"status","id":")" + id + R"("})").id, std::string(200, '[') + "\"" +
                                                                                 std::string(200, '{'));
}

TEST(RequestErrorsTest, InvalidUtf8InBadValueStillEncodes) {
  // Valid JSON escapes can carry a lone surrogate; the message names it and
  // encoding must not throw.
  ProtocolError error = refused(R"({"method":"sockets","params":{"state":"\ud800x"}})");
  EXPECT_EQ(error.code, "parse_error");  // nlohmann refuses lone surrogates
  ProtocolError raw{"bad_filter", "unknown state '\xff\xfe'", nullptr};
  std::string line = encode_error(raw);
  EXPECT_TRUE(nlohmann::json::accept(line)) << line;
}

}  // namespace
}  // namespace sockscope::ipc

// Mangled input of every sort comes back as a documented error, never a throw.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <string>

#include "ipc/json_nesting.h"
#include "ipc/protocol.h"

namespace sockscope::ipc {
namespace {

const std::set<std::string> kRequestCodes = {"parse_error", "invalid_request", "unknown_method", "bad_filter",
                                             "unsupported_version", "too_long"};

TEST(NestingTest, CountsBracketsOutsideStrings) {
  EXPECT_FALSE(nesting_exceeds("[[[]]]", 3));
  EXPECT_TRUE(nesting_exceeds("[[[[]]]]", 3));
  EXPECT_TRUE(nesting_exceeds("{\"a\":{\"b\":[[", 3));
  EXPECT_FALSE(nesting_exceeds("[\"[[[[\"]", 1));
  EXPECT_FALSE(nesting_exceeds(R"(["\"[[[[", "\\"])", 1));  // escaped quote stays inside
  EXPECT_TRUE(nesting_exceeds(R"(["\\"[[)", 2));              // escaped backslash ends the escape
  EXPECT_FALSE(nesting_exceeds("]]]]][[", 2));                // unbalanced: left to the parser
}

TEST(RobustnessTest, MutatedRequestsNeverThrow) {
  const std::string seeds[] = {
      R"({"version":1,"method":"sockets","id":[1,{"a":"b"}],"params":{"state":["close-wait","listen"],"sport":80,"dport":"443","src":"10.0.0.0/8","dst":"::1","process":"nginx","tcp":true,"sort":"age"}})",
      R"({"method":"history","params":{"seconds":600}})",
      R"({"method":"subscribe","id":"\u00e9\"x"})",
  };
  std::mt19937 random(12345);  // fixed seed: failures reproduce
  const char alphabet[] = "{}[]\",:\\0123456789.-+eE truefalsnul\x00\xff\xc3\xa9\r\t";
  for (int round = 0; round < 5000; ++round) {
    std::string line = seeds[static_cast<size_t>(round) % std::size(seeds)];
    int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits && !line.empty(); ++e) {
      size_t at = random() % line.size();
      char c = alphabet[random() % (sizeof(alphabet) - 1)];
      switch (random() % 3) {
        case 0: line[at] = c; break;
        case 1: line.insert(at, 1, c); break;
        default: line.erase(at, 1 + random() % 8); break;
      }
    }
    std::variant<Request, ProtocolError> result;
    ASSERT_NO_THROW(result = parse_request(line)) << line;
    if (auto* error = std::get_if<ProtocolError>(&result)) {
      EXPECT_TRUE(kRequestCodes.count(error->code)) << error->code << ": " << error->message;
      std::string encoded = encode_error(*error);
      EXPECT_TRUE(nlohmann::json::accept(encoded)) << encoded;
    } else {
      std::string encoded = encode_result(Method::Status, std::get<Request>(result).id, nullptr);
      EXPECT_TRUE(nlohmann::json::accept(encoded)) << encoded;
    }
  }
}

}  // namespace
}  // namespace sockscope::ipc

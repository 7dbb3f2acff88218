// Response lines. Built by concatenation so "version" leads, "result" comes
// last (streamable), and a large result is dumped once, straight to text.
#include <exception>

#include "ipc/protocol.h"

namespace sockscope::ipc {

namespace {

// Replace, not throw: a message may quote bytes that are not UTF-8.
template <typename Json>
std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The one line sent when even encoding failed (out of memory): fixed text.
constexpr std::string_view kEncodeFailed =
    R"({"version":1,"error":{"code":"internal","message":"cannot encode response"}})"
    "\n";

std::string head(Method method, const nlohmann::json& id, std::string_view event) {
  std::string line = R"({"version":)" + std::to_string(kProtocolVersion) + R"(,"method":")";
  line += method_name(method);
  line += '"';
  if (!event.empty()) {
    line += R"(,"event":)";
    line += dump(nlohmann::json(event));
  }
  if (!id.is_null()) {
    line += R"(,"id":)";
    line += dump(id);
  }
  line += R"(,"result":)";
  return line;
}

template <typename Json>
std::string encode(Method method, const nlohmann::json& id, std::string_view event, const Json& result) {
  try {
    std::string line = head(method, id, event);
    line += dump(result);
    line += kResultTail;
    return line;
  } catch (...) {
    return std::string(kEncodeFailed);
  }
}

}  // namespace

std::string result_head(Method method, const nlohmann::json& id) {
  try {
    return head(method, id, {});
  } catch (...) {
    return std::string(kEncodeFailed);
  }
}

std::string encode_result(Method method, const nlohmann::json& id, const nlohmann::json& result) {
  return encode(method, id, {}, result);
}

std::string detail::encode_ordered_result(Method method, const nlohmann::json& id,
                                          const nlohmann::ordered_json& result) {
  return encode(method, id, {}, result);
}

std::string encode_result_text(Method method, const nlohmann::json& id, std::string_view result_json) {
  try {
    std::string line = head(method, id, {});
    line.reserve(line.size() + result_json.size() + kResultTail.size());
    // Appended a run at a time: a socket listing can be hundreds of MiB.
    while (!result_json.empty()) {
      size_t end = result_json.find_first_of("\r\n");
      line.append(result_json.substr(0, end));
      if (end == std::string_view::npos) break;
      result_json.remove_prefix(end + 1);
    }
    line += kResultTail;
    return line;
  } catch (...) {
    return std::string(kEncodeFailed);
  }
}

std::string detail::encode_ordered_poll_event(const nlohmann::json& id, const nlohmann::ordered_json& status) {
  return encode(Method::Status, id, kPollEvent, status);
}

std::string encode_poll_event(const nlohmann::json& id, const nlohmann::json& status) {
  return encode(Method::Status, id, kPollEvent, status);
}

std::string encode_error(const ProtocolError& error) {
  try {
    std::string line = R"({"version":)" + std::to_string(kProtocolVersion);
    if (!error.id.is_null()) {
      line += R"(,"id":)";
      line += dump(error.id);
    }
    line += R"(,"error":{"code":)";
    line += dump(nlohmann::json(error.code));
    line += R"(,"message":)";
    line += dump(nlohmann::json(error.message));
    line += "}}\n";
    return line;
  } catch (...) {
    return std::string(kEncodeFailed);
  }
}

}  // namespace sockscope::ipc

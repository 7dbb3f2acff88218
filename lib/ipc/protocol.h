// The daemon's Unix-socket protocol: JSON Lines, one request per line, one or
// more response lines. Every message carries "version". Pure functions only:
// the daemon and the CLI client both use them; docs/protocol.md describes them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "filter/socket_filter.h"

namespace sockscope::ipc {

inline constexpr int kProtocolVersion = 1;
inline constexpr size_t kMaxRequestLine = 64 * 1024;

enum class Method { Status, Sockets, History, Subscribe, Version };
std::string_view method_name(Method m);

struct Request {
  Method method = Method::Status;
  nlohmann::json id;         // echoed in the response when given (null otherwise)
  FilterArgs filter;         // sockets: the same filter words as the CLI
  std::optional<std::string> sort;  // sockets: recvq, sendq, state, age
  bool processes = true;     // sockets: include owners
  std::optional<double> history_seconds;  // history: how far back (default: all kept)
};

// Error codes, stable for scripts: "parse_error", "invalid_request",
// "unknown_method", "bad_filter", "too_long", "unsupported_version", "busy", "internal".
struct ProtocolError {
  std::string code;
  std::string message;  // names the bad value
  nlohmann::json id;    // the request's id when it could be read
};

// Parses one request line (without the trailing newline).
std::variant<Request, ProtocolError> parse_request(std::string_view line);

// One line: {"version":1,"error":{"code":...,"message":...}[,"id":...]}\n
std::string encode_error(const ProtocolError& error);

// One line: {"version":1,"method":"...","result":<result>[,"id":...]}\n
std::string encode_result(Method method, const nlohmann::json& id, const nlohmann::json& result);

}  // namespace sockscope::ipc

// The daemon's Unix-socket protocol: JSON Lines, one request per line, one or
// more response lines. Every message carries "version". Pure functions only:
// the daemon and the CLI client both use them; docs/protocol.md describes them.
// Nothing here throws: JSON errors become ProtocolError values.
#pragma once

#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "filter/socket_filter.h"
#include "util/result.h"

namespace sockscope::ipc {

inline constexpr int kProtocolVersion = 1;
inline constexpr size_t kMaxRequestLine = 64 * 1024;
// Brackets deeper than this are refused before the JSON parser sees the line,
// so a hostile line cannot exhaust the stack (the request itself needs 3).
inline constexpr int kMaxNestingDepth = 32;
inline constexpr uint64_t kMaxListingLimit = 10'000'000;

enum class Method { Status, Sockets, History, Subscribe, Version, Findings, Explain };
std::string_view method_name(Method m);
// Exact, lower-case names only.
std::optional<Method> method_from_name(std::string_view name);

struct Request {
  Method method = Method::Status;
  nlohmann::json id;         // echoed in the response when given (null otherwise)
  FilterArgs filter;         // sockets: the same filter words as the CLI
  SocketFilter socket_filter;  // sockets: `filter` already run through parse_filter
  std::optional<std::string> sort;  // sockets: normalized to "recvq", "sendq", "state" or "age"
  bool processes = true;     // sockets: include owners
  // sockets: include tcp_info and mem; false leaves them out, under a quarter of the
  // bytes for a client that shows only the table (sockscope watch).
  bool details = true;
  // sockets: at most this many, after sorting; the answer then carries
  // "total", the number that matched. 1 to kMaxListingLimit.
  std::optional<uint64_t> limit;
  // sockets: skip this many first, after sorting (a window further down the
  // listing, with `limit`); the answer then carries "total" too. 0 to
  // kMaxListingLimit.
  std::optional<uint64_t> offset;
  // sockets: the cookie of a socket to keep in view. When it is listed, the
  // window moves so that it is the window's anchor_row'th row (0 = first),
  // and `offset` is not used; the answer's "offset" says where the window
  // starts. anchor_row: 0 to kMaxListingLimit, only with anchor.
  std::optional<uint64_t> anchor;
  uint64_t anchor_row = 0;
  std::optional<double> history_seconds;  // history: how far back (default: all kept); > 0
  // explain: LOCAL PEER as typed, cookie and inode as text (decimal or 0x hex);
  // the filter words go in `filter` (not run through parse_filter: `state`
  // alone asks about a state in general).
  std::vector<std::string> endpoints;
  std::optional<std::string> cookie;
  std::optional<std::string> inode;
};

// Error codes, stable for scripts.
namespace error_code {
inline constexpr const char* kParseError = "parse_error";          // not JSON, NUL, bad UTF-8, too deep
inline constexpr const char* kInvalidRequest = "invalid_request";  // wrong shape, type, key or value
inline constexpr const char* kUnknownMethod = "unknown_method";
inline constexpr const char* kBadFilter = "bad_filter";            // parse_filter refused a value; bad sort
inline constexpr const char* kTooLong = "too_long";                // line over kMaxRequestLine
inline constexpr const char* kUnsupportedVersion = "unsupported_version";
inline constexpr const char* kBusy = "busy";                       // max_clients reached
inline constexpr const char* kInternal = "internal";
inline constexpr const char* kNotFound = "not_found";             // explain: no socket matches
inline constexpr const char* kNotReady = "not_ready";             // no poll has succeeded since the start
}  // namespace error_code

struct ProtocolError {
  std::string code;
  std::string message;  // names the bad value
  nlohmann::json id;    // the request's id when it could be read
};

// Parses one request line (without the trailing newline; a trailing '\r' is
// JSON whitespace and accepted). An empty or blank line is invalid_request.
std::variant<Request, ProtocolError> parse_request(std::string_view line);

// The error the daemon sends before closing a connection whose line passed
// the framer's cap.
ProtocolError too_long_error(size_t max_line);

// One line: {"version":1[,"id":...],"error":{"code":...,"message":...}}\n
std::string encode_error(const ProtocolError& error);

// One line: {"version":1,"method":"..."[,"id":...],"result":<result>}\n
// "result" comes last, so a large result can be streamed after result_head().
namespace detail {
std::string encode_ordered_result(Method method, const nlohmann::json& id, const nlohmann::ordered_json& result);
std::string encode_ordered_poll_event(const nlohmann::json& id, const nlohmann::ordered_json& status);
}  // namespace detail

std::string encode_result(Method method, const nlohmann::json& id, const nlohmann::json& result);
// For an ordered_json result (status_to_json's), keeping its key order. A
// template so that a braced {...} or nullptr result picks the overload above.
template <typename Ordered>
  requires std::same_as<Ordered, nlohmann::ordered_json>
std::string encode_result(Method method, const nlohmann::json& id, const Ordered& result) {
  return detail::encode_ordered_result(method, id, result);
}
// `result_json` is already-rendered JSON text (e.g. the socket listing);
// raw '\n' and '\r' bytes in it are dropped (in valid JSON they can only
// sit between tokens), so the message stays one line.
std::string encode_result_text(Method method, const nlohmann::json& id, std::string_view result_json);
// The start of an encode_result line up to and including "result":; the
// caller appends the result JSON (newline-free) and then kResultTail.
std::string result_head(Method method, const nlohmann::json& id);
inline constexpr std::string_view kResultTail = "}\n";

// One message of a subscribe stream, sent after every poll:
// {"version":1,"method":"status","event":"poll"[,"id":<subscribe's id>],"result":<status>}\n
inline constexpr std::string_view kPollEvent = "poll";
std::string encode_poll_event(const nlohmann::json& id, const nlohmann::json& status);
template <typename Ordered>
  requires std::same_as<Ordered, nlohmann::ordered_json>
std::string encode_poll_event(const nlohmann::json& id, const Ordered& status) {
  return detail::encode_ordered_poll_event(id, status);
}

// Client side. One request line, '\n' included; the inverse of parse_request
// (params only where they differ from the defaults).
std::string encode_request(const Request& request);

struct Response {
  std::optional<Method> method;  // absent on errors
  std::string event;             // "poll" in a subscribe stream, else empty
  nlohmann::json id;
  nlohmann::json result;         // null when `error` is set
  std::optional<ProtocolError> error;  // the daemon's error, with its code
};

// Parses one response line from the daemon. An Error when the line is not a
// well-formed message of this protocol version.
Result<Response> parse_response(std::string_view line);

}  // namespace sockscope::ipc

// parse_request: one line of text to a checked Request, or the error to send.
#include <cctype>
#include <cmath>
#include <exception>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "ipc/json_nesting.h"
#include "ipc/protocol.h"

namespace sockscope::ipc {

namespace {

using nlohmann::json;

// Thrown only inside this file and always caught by parse_request: it lets
// the checks below read as straight-line code.
struct Refusal {
  const char* code;
  std::string message;
};

[[noreturn]] void refuse(const char* code, std::string message) { throw Refusal{code, std::move(message)}; }

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// A null value counts as absent, so clients may always send every key.
const json* find_value(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

void check_version(const json& request) {
  const json* version = find_value(request, "version");
  if (!version) return;  // missing means 1
  if (!version->is_number()) refuse(error_code::kInvalidRequest, "'version' must be a number");
  if (version->get<double>() != kProtocolVersion) {
    refuse(error_code::kUnsupportedVersion, "unsupported protocol version " + version->dump() +
                                                " (this daemon speaks " + std::to_string(kProtocolVersion) + ")");
  }
}

void check_top_level_keys(const json& request) {
  for (const auto& item : request.items()) {
    const std::string& key = item.key();
    if (key != "version" && key != "method" && key != "id" && key != "params") {
      refuse(error_code::kInvalidRequest,
             "unknown key " + in_quotes(key) + " (expected: version, method, id, params)");
    }
  }
}

Method read_method(const json& request) {
  const json* method = find_value(request, "method");
  if (!method) refuse(error_code::kInvalidRequest, "missing 'method'");
  if (!method->is_string()) refuse(error_code::kInvalidRequest, "'method' must be a string");
  const auto& name = method->get_ref<const std::string&>();
  auto known = method_from_name(name);
  if (!known) {
    refuse(error_code::kUnknownMethod,
           "unknown method " + in_quotes(name) + " (expected one of: status, sockets, history, subscribe, version, findings, explain)");
  }
  return *known;
}

const json& empty_object() {
  static const json empty = json::object();  // const: never mutated
  return empty;
}

const json& read_params(const json& request) {
  const json* params = find_value(request, "params");
  if (!params) return empty_object();
  if (!params->is_object()) refuse(error_code::kInvalidRequest, "'params' must be an object");
  return *params;
}

void check_param_keys(const json& params, Method method, std::initializer_list<std::string_view> allowed) {
  for (const auto& item : params.items()) {
    const std::string& key = item.key();
    bool known = false;
    for (auto name : allowed) known = known || key == name;
    if (known) continue;
    std::string expected;
    for (auto name : allowed) expected += (expected.empty() ? "" : ", ") + std::string(name);
    refuse(error_code::kInvalidRequest,
           "unknown parameter " + in_quotes(key) + " for method '" + std::string(method_name(method)) + "'" +
               (expected.empty() ? " (it takes none)" : " (expected: " + expected + ")"));
  }
}

// Integers become their decimal text so the filter's own parser judges them
// (and names them: "port '70000' out of range").
std::optional<std::string> string_or_integer(const json& params, const char* key, const char* what) {
  const json* value = find_value(params, key);
  if (!value) return std::nullopt;
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number_unsigned()) return std::to_string(value->get<uint64_t>());
  if (value->is_number_integer()) return std::to_string(value->get<int64_t>());
  refuse(error_code::kInvalidRequest, in_quotes(key) + " must be " + what);
}

std::optional<std::string> string_param(const json& params, const char* key) {
  const json* value = find_value(params, key);
  if (!value) return std::nullopt;
  if (!value->is_string()) refuse(error_code::kInvalidRequest, in_quotes(key) + " must be a string");
  return value->get<std::string>();
}

std::optional<bool> bool_param(const json& params, const char* key) {
  const json* value = find_value(params, key);
  if (!value) return std::nullopt;
  if (!value->is_boolean()) refuse(error_code::kInvalidRequest, in_quotes(key) + " must be true or false");
  return value->get<bool>();
}

std::vector<std::string> state_param(const json& params) {
  const json* value = find_value(params, "state");
  if (!value) return {};
  const char* shape = "'state' must be a string or an array of strings";
  if (value->is_string()) return {value->get<std::string>()};
  if (!value->is_array()) refuse(error_code::kInvalidRequest, shape);
  std::vector<std::string> states;
  for (const auto& item : *value) {
    if (!item.is_string()) refuse(error_code::kInvalidRequest, shape);
    states.push_back(item.get<std::string>());
  }
  return states;
}

// The CLI's sort keys plus "age", which only the daemon can answer.
std::string normalize_sort(const std::string& text) {
  std::string key;
  for (char c : text) {
    if (c != '-' && c != '_') key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (key == "recvq" || key == "sendq" || key == "state" || key == "age") return key;
  refuse(error_code::kBadFilter, "unknown sort key " + in_quotes(text) + " (expected one of: recvq, sendq, state, age)");
}

// The filter words `sockets` and `explain` share, as the CLI takes them.
void read_filter_words(const json& params, FilterArgs& args) {
  args.states = state_param(params);
  args.sport = string_or_integer(params, "sport", "a port number or a string");
  args.dport = string_or_integer(params, "dport", "a port number or a string");
  args.src = string_param(params, "src");
  args.dst = string_param(params, "dst");
  args.process = string_or_integer(params, "process", "a command name or a pid");
  args.tcp = bool_param(params, "tcp").value_or(false);
  args.udp = bool_param(params, "udp").value_or(false);
  args.ipv4 = bool_param(params, "ipv4").value_or(false);
  args.ipv6 = bool_param(params, "ipv6").value_or(false);
}

void read_sockets_params(const json& params, Request& request) {
  check_param_keys(params, Method::Sockets,
                   {"state", "sport", "dport", "src", "dst", "process", "tcp", "udp", "ipv4", "ipv6", "sort",
                    "processes", "details", "limit", "offset", "anchor", "anchor_row"});
  read_filter_words(params, request.filter);
  request.processes = bool_param(params, "processes").value_or(true);
  request.details = bool_param(params, "details").value_or(true);
  if (auto sort = string_param(params, "sort")) request.sort = normalize_sort(*sort);
  if (const json* limit = find_value(params, "limit")) {
    if (!limit->is_number_unsigned() || limit->get<uint64_t>() == 0 || limit->get<uint64_t>() > kMaxListingLimit) {
      refuse(error_code::kInvalidRequest,
             "'limit' must be a whole number from 1 to " + std::to_string(kMaxListingLimit) + ", not " + limit->dump());
    }
    request.limit = limit->get<uint64_t>();
  }
  if (const json* offset = find_value(params, "offset")) {
    if (!offset->is_number_unsigned() || offset->get<uint64_t>() > kMaxListingLimit) {
      refuse(error_code::kInvalidRequest, "'offset' must be a whole number from 0 to " +
                                              std::to_string(kMaxListingLimit) + ", not " + offset->dump());
    }
    request.offset = offset->get<uint64_t>();
  }
  if (const json* anchor = find_value(params, "anchor")) {
    if (!anchor->is_number_unsigned()) {
      refuse(error_code::kInvalidRequest, "'anchor' must be a socket cookie (a whole number), not " + anchor->dump());
    }
    request.anchor = anchor->get<uint64_t>();
  }
  if (const json* row = find_value(params, "anchor_row")) {
    if (!request.anchor) refuse(error_code::kInvalidRequest, "'anchor_row' needs 'anchor'");
    if (!row->is_number_unsigned() || row->get<uint64_t>() > kMaxListingLimit) {
      refuse(error_code::kInvalidRequest, "'anchor_row' must be a whole number from 0 to " +
                                              std::to_string(kMaxListingLimit) + ", not " + row->dump());
    }
    request.anchor_row = row->get<uint64_t>();
  }

  auto filter = parse_filter(request.filter);
  if (!filter) refuse(error_code::kBadFilter, filter.error().message);
  request.socket_filter = std::move(*filter);
}

void read_explain_params(const json& params, Request& request) {
  check_param_keys(params, Method::Explain,
                   {"local", "peer", "cookie", "inode", "state", "sport", "dport", "src", "dst", "process", "tcp", "udp",
                    "ipv4", "ipv6"});
  auto local = string_param(params, "local");
  auto peer = string_param(params, "peer");
  if (local.has_value() != peer.has_value()) refuse(error_code::kInvalidRequest, "'local' and 'peer' go together");
  if (local) request.endpoints = {*local, *peer};
  request.cookie = string_or_integer(params, "cookie", "a cookie number or a string");
  request.inode = string_or_integer(params, "inode", "an inode number or a string");
  read_filter_words(params, request.filter);
}

void read_history_params(const json& params, Request& request) {
  check_param_keys(params, Method::History, {"seconds"});
  const json* seconds = find_value(params, "seconds");
  if (!seconds) return;
  // A huge exponent parses to infinity; refuse it with the rest.
  if (!seconds->is_number() || !(seconds->get<double>() > 0) || !std::isfinite(seconds->get<double>())) {
    refuse(error_code::kInvalidRequest, "'seconds' must be a positive number");
  }
  request.history_seconds = seconds->get<double>();
}

// Checks in the order that gives the most useful answer: a newer client's
// request says "unsupported_version" before any of its new keys is named.
void read_request(const json& document, Request& request) {
  check_version(document);
  check_top_level_keys(document);
  request.method = read_method(document);
  const json& params = read_params(document);
  switch (request.method) {
    case Method::Sockets:
      read_sockets_params(params, request);
      break;
    case Method::History:
      read_history_params(params, request);
      break;
    case Method::Explain:
      read_explain_params(params, request);
      break;
    case Method::Findings:
    case Method::Status:
    case Method::Subscribe:
    case Method::Version:
      check_param_keys(params, request.method, {});
      break;
  }
}

json parse_json(std::string_view line) {
  if (line.find('\0') != std::string_view::npos) refuse(error_code::kParseError, "request contains a NUL byte");
  if (is_blank(line)) refuse(error_code::kInvalidRequest, "empty request line");
  if (nesting_exceeds(line, kMaxNestingDepth)) {
    refuse(error_code::kParseError, "request nests deeper than " + std::to_string(kMaxNestingDepth) + " levels");
  }
  try {
    return json::parse(line.begin(), line.end());
  } catch (const json::exception& e) {
    // parse_error, or out_of_range for a number like 1e999. what() starts
    // "[json.exception.parse_error.101] "; the rest says where.
    std::string_view text = e.what();
    if (auto bracket = text.find("] "); text.starts_with("[json.exception") && bracket != text.npos) {
      text.remove_prefix(bracket + 2);
    }
    refuse(error_code::kParseError, "not JSON: " + std::string(text));
  }
}

}  // namespace

std::variant<Request, ProtocolError> parse_request(std::string_view line) {
  nlohmann::json id;
  try {
    if (line.size() > kMaxRequestLine) return too_long_error(kMaxRequestLine);
    json document = parse_json(line);
    if (!document.is_object()) {
      refuse(error_code::kInvalidRequest,
             std::string("request must be a JSON object, not ") + (document.is_array() ? "an array" : "a scalar"));
    }
    if (auto it = document.find("id"); it != document.end()) id = *it;
    Request request;
    request.id = id;
    read_request(document, request);
    return request;
  } catch (const Refusal& refusal) {
    return ProtocolError{refusal.code, refusal.message, std::move(id)};
  } catch (const std::exception& e) {
    return ProtocolError{error_code::kInternal, std::string("cannot read request: ") + e.what(), std::move(id)};
  } catch (...) {
    return ProtocolError{error_code::kInternal, "cannot read request", std::move(id)};
  }
}

ProtocolError too_long_error(size_t max_line) {
  return ProtocolError{error_code::kTooLong, "request line longer than " + std::to_string(max_line) + " bytes", nullptr};
}

}  // namespace sockscope::ipc

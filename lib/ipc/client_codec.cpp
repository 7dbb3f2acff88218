// The client's half: request lines out, response lines in.
#include <exception>

#include "ipc/json_nesting.h"
#include "ipc/protocol.h"

namespace sockscope::ipc {

namespace {

using nlohmann::json;

json filter_params(const FilterArgs& args) {
  json params = json::object();
  if (!args.states.empty()) params["state"] = args.states;
  if (args.sport) params["sport"] = *args.sport;
  if (args.dport) params["dport"] = *args.dport;
  if (args.src) params["src"] = *args.src;
  if (args.dst) params["dst"] = *args.dst;
  if (args.process) params["process"] = *args.process;
  if (args.tcp) params["tcp"] = true;
  if (args.udp) params["udp"] = true;
  if (args.ipv4) params["ipv4"] = true;
  if (args.ipv6) params["ipv6"] = true;
  return params;
}

json sockets_params(const Request& request) {
  json params = filter_params(request.filter);
  if (request.sort) params["sort"] = *request.sort;
  if (!request.processes) params["processes"] = false;
  if (!request.details) params["details"] = false;
  if (request.limit) params["limit"] = *request.limit;
  if (request.offset) params["offset"] = *request.offset;
  if (request.anchor) {
    params["anchor"] = *request.anchor;
    if (request.anchor_row > 0) params["anchor_row"] = request.anchor_row;
  }
  return params;
}

json explain_params(const Request& request) {
  json params = filter_params(request.filter);
  if (request.endpoints.size() == 2) {
    params["local"] = request.endpoints[0];
    params["peer"] = request.endpoints[1];
  }
  if (request.cookie) params["cookie"] = *request.cookie;
  if (request.inode) params["inode"] = *request.inode;
  return params;
}

Error malformed(const std::string& why) { return make_error("malformed response from the daemon: " + why); }

}  // namespace

std::string encode_request(const Request& request) {
  nlohmann::ordered_json message;
  message["version"] = kProtocolVersion;
  message["method"] = method_name(request.method);
  if (!request.id.is_null()) message["id"] = request.id;
  json params = json::object();
  if (request.method == Method::Sockets) params = sockets_params(request);
  if (request.method == Method::Explain) params = explain_params(request);
  if (request.method == Method::History && request.history_seconds) params["seconds"] = *request.history_seconds;
  if (!params.empty()) message["params"] = params;
  return message.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

Result<Response> parse_response(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (nesting_exceeds(line, kMaxNestingDepth * 2)) return malformed("nested too deep");
  json message;
  try {
    message = json::parse(line.begin(), line.end());
  } catch (const std::exception& e) {
    return malformed(e.what());
  }
  if (!message.is_object()) return malformed("not a JSON object");
  auto version = message.find("version");
  if (version == message.end() || !version->is_number_integer() || version->get<int64_t>() != kProtocolVersion) {
    return malformed("protocol version is not " + std::to_string(kProtocolVersion));
  }

  Response response;
  if (auto id = message.find("id"); id != message.end()) response.id = *id;
  if (auto error = message.find("error"); error != message.end()) {
    if (!error->is_object()) return malformed("'error' is not an object");
    auto code = error->find("code");
    auto text = error->find("message");
    if (code == error->end() || !code->is_string()) return malformed("error without a code");
    response.error = ProtocolError{code->get<std::string>(),
                                   text != error->end() && text->is_string() ? text->get<std::string>() : "",
                                   response.id};
    return response;
  }

  auto method = message.find("method");
  if (method == message.end() || !method->is_string()) return malformed("no method");
  response.method = method_from_name(method->get<std::string>());
  if (!response.method) return malformed("unknown method '" + method->get<std::string>() + "'");
  if (auto event = message.find("event"); event != message.end() && event->is_string()) {
    response.event = event->get<std::string>();
  }
  auto result = message.find("result");
  if (result == message.end()) return malformed("neither result nor error");
  response.result = std::move(*result);
  return response;
}

}  // namespace sockscope::ipc

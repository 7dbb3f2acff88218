#include "daemon_query.h"

#include <fmt/format.h>

#include "daemon_client.h"
#include "output.h"

namespace sockscope::cli {

Result<std::string> ask_daemon_line(const GlobalOptions& global, const ipc::Request& request) {
  return exchange_line(global.socket_path, ipc::encode_request(request));
}

Result<nlohmann::json> result_of(std::string_view line, ipc::Method method) {
  auto response = ipc::parse_response(line);
  if (!response) return response.error();
  if (response->error) {
    return make_error(fmt::format("it answered with an error: {}: {}", response->error->code, response->error->message));
  }
  if (response->method != method || !response->event.empty()) {
    return make_error(fmt::format("it answered another method than '{}'", ipc::method_name(method)));
  }
  return std::move(response->result);
}

Result<nlohmann::json> ask_daemon(const GlobalOptions& global, const ipc::Request& request) {
  auto line = ask_daemon_line(global, request);
  if (!line) return line.error();
  return result_of(*line, request.method);
}

std::optional<std::string_view> raw_result(std::string_view line, ipc::Method method) {
  const std::string head = ipc::result_head(method, nullptr);
  while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.size() <= head.size() + 1 || !line.starts_with(head) || line.back() != '}') return std::nullopt;
  line.remove_prefix(head.size());
  line.remove_suffix(1);
  return line;
}

void notice_fallback(const GlobalOptions& global, const Error& why) {
  print_error(fmt::format("no daemon at {} ({}); polling directly", global.socket_path, why.describe()));
}

std::string no_daemon(const GlobalOptions& global, const Error& why) {
  return fmt::format("no daemon at {}: {}", global.socket_path, why.describe());
}

}  // namespace sockscope::cli

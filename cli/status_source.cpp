#include "status_source.h"

#include "cmd_status.h"
#include "daemon_query.h"
#include "render/json_decode.h"
#include "snapshot_source.h"

namespace sockscope::cli {

Result<StatusData> status_from_daemon(const GlobalOptions& global) {
  ipc::Request request;
  request.method = ipc::Method::Status;
  auto line = ask_daemon_line(global, request);
  if (!line) return line.error();
  auto result = result_of(*line, ipc::Method::Status);
  if (!result) return result.error();
  // Decoded even for --json: an answer we cannot read is no answer.
  auto summary = decode_status_json(*result);
  if (!summary) return summary.error();
  // Parsed again keeping the daemon's key order, so --json reads like a direct poll's.
  nlohmann::ordered_json ordered = *result;
  if (auto raw = raw_result(*line, ipc::Method::Status)) {
    ordered = nlohmann::ordered_json::parse(*raw, nullptr, false);
    if (ordered.is_discarded()) ordered = *result;
  }
  return StatusData{std::move(*summary), std::move(ordered)};
}

Result<StatusData> get_status(const GlobalOptions& global) {
  if (!global.direct) {
    auto answer = status_from_daemon(global);
    if (answer) return answer;
    notice_fallback(global, answer.error());
  }
  auto snapshot = get_snapshot(global, summary_poll_options());
  if (!snapshot) return snapshot.error();
  return StatusData{summarize_status(*snapshot), nullptr};
}

}  // namespace sockscope::cli

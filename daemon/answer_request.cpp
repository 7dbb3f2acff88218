// Which answer a request gets.
#include "answers.h"
#include "version.h"

namespace sockscope::daemon {

namespace {

std::string not_ready(const ipc::Request& request) {
  return ipc::encode_error({ipc::error_code::kInternal, "no poll has succeeded yet", request.id});
}

}  // namespace

std::string answer_request(const ipc::Request& request, const AnswerContext& context) {
  const auto& snapshot = context.poller.latest();
  switch (request.method) {
    case ipc::Method::Version:
      return ipc::encode_result(request.method, request.id,
                                nlohmann::ordered_json{{"version", kVersion}, {"protocol", ipc::kProtocolVersion}});
    case ipc::Method::Subscribe:
      return ipc::encode_result(request.method, request.id, nlohmann::ordered_json{{"subscribed", true}});
    case ipc::Method::Status:
      if (!snapshot) return not_ready(request);
      return ipc::encode_result(request.method, request.id, status_result(context.poller.latest_summary(), context.figures));
    case ipc::Method::Sockets:
      if (!snapshot) return not_ready(request);
      return answer_sockets(request, *snapshot, context.poller, context.now);
    case ipc::Method::History:
      return ipc::encode_result(request.method, request.id,
                                history_result(context.poller.history(), request.history_seconds, context.wall_now,
                                               context.figures.interval_s));
  }
  return ipc::encode_error({ipc::error_code::kInternal, "unhandled method", request.id});
}

}  // namespace sockscope::daemon

// Which answer a request gets.
#include <fmt/format.h>

#include "answers.h"
#include "version.h"

namespace sockscope::daemon {

namespace {

Answer not_ready(const ipc::Request& request, const Poller& poller) {
  const PollFigures& figures = poller.figures();
  if (figures.polls == 0) {
    // Its own code: a client can tell a daemon still at its first poll
    // from one whose every poll fails, by the count.
    return {ipc::encode_error({ipc::error_code::kNotReady,
                               fmt::format("no poll has succeeded yet ({} failed)", figures.polls_failed), request.id}),
            nullptr};
  }
  return {ipc::encode_error({ipc::error_code::kInternal,
                             "the last poll failed; the socket list returns with the next good poll", request.id}),
          nullptr};
}

}  // namespace

Answer answer_request(const ipc::Request& request, const AnswerContext& context) {
  const auto& snapshot = context.poller.latest();
  switch (request.method) {
    case ipc::Method::Version:
      return {ipc::encode_result(request.method, request.id,
                                 nlohmann::ordered_json{{"version", kVersion}, {"protocol", ipc::kProtocolVersion}}),
              nullptr};
    case ipc::Method::Subscribe:
      return {ipc::encode_result(request.method, request.id, nlohmann::ordered_json{{"subscribed", true}}), nullptr};
    case ipc::Method::Status:
      if (context.poller.figures().polls == 0) return not_ready(request, context.poller);
      return {ipc::encode_result(request.method, request.id,
                                 status_result(context.poller.latest_summary(), context.figures)),
              nullptr};
    case ipc::Method::Sockets:
      if (!snapshot) return not_ready(request, context.poller);
      return answer_sockets(request, snapshot, context.poller, context.now);
    case ipc::Method::Findings:
      if (context.poller.figures().polls == 0) return not_ready(request, context.poller);
      return answer_findings(request, context.poller);
    case ipc::Method::Explain:
      if (!snapshot) return not_ready(request, context.poller);
      return answer_explain(request, *snapshot, context.poller, context.now);
    case ipc::Method::History:
      return {ipc::encode_result(request.method, request.id,
                                 history_result(context.poller.history(), request.history_seconds, context.wall_now,
                                                context.figures.interval_s)),
              nullptr};
  }
  return {ipc::encode_error({ipc::error_code::kInternal, "unhandled method", request.id}), nullptr};
}

}  // namespace sockscope::daemon

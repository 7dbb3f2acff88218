// findings and explain: what the detectors found, and one socket (or a state)
// in plain words with the daemon's ages and findings.
#include <fmt/format.h>

#include "answers.h"
#include "explain/explain_target.h"
#include "explain/explanation.h"
#include "explain/explanation_json.h"
#include "explain/explanation_text.h"
#include "render/findings_json.h"
#include "render/socket_json.h"

namespace sockscope::daemon {

namespace {

// Several matches: this many are listed, with the total.
constexpr size_t kListedMatches = 50;

Answer whole(std::string line) { return {std::move(line), nullptr}; }

}  // namespace

Answer answer_findings(const ipc::Request& request, const Poller& poller) {
  return whole(ipc::encode_result(request.method, request.id, findings_to_json(poller.findings().active())));
}

Answer answer_explain(const ipc::Request& request, const Snapshot& snapshot, const Poller& poller,
                      MonoClock::time_point now) {
  TargetArgs args;
  args.endpoints = request.endpoints;
  args.cookie = request.cookie;
  args.inode = request.inode;
  args.filter = request.filter;
  auto target = parse_target(args);
  if (!target) return whole(ipc::encode_error({ipc::error_code::kBadFilter, target.error().message, request.id}));

  if (const auto* state = std::get_if<StateTarget>(&*target)) {
    Explanation explanation = explain_state(state->proto, state->state);
    return whole(ipc::encode_result(request.method, request.id,
                                    {{"explanation", explanation_json(explanation)},
                                     {"text", explanation_text(explanation)}}));
  }
  const auto& socket_target = std::get<SocketTarget>(*target);
  auto matches = select_targets(snapshot.sockets, socket_target, snapshot.processes);
  if (matches.empty()) {
    return whole(ipc::encode_error(
        {ipc::error_code::kNotFound, "no socket matches '" + socket_target.description + "'", request.id}));
  }
  if (matches.size() > 1) {
    fmt::memory_buffer listed;
    listed.push_back('[');
    for (size_t i = 0; i < matches.size() && i < kListedMatches; ++i) {
      if (i > 0) listed.push_back(',');
      append_socket_json(listed, *matches[i], snapshot.processes.find(matches[i]->inode));
    }
    listed.push_back(']');
    nlohmann::ordered_json result;
    result["explanation"] = nullptr;
    result["count"] = matches.size();
    result["sockets"] = nlohmann::ordered_json::parse(std::string_view(listed.data(), listed.size()));
    return whole(ipc::encode_result(request.method, request.id, result));
  }
  const SocketRecord& socket = *matches.front();
  std::optional<double> age;
  if (const TrackedSocket* tracked = poller.tracker().find(socket.cookie)) {
    age = std::max(0.0, std::chrono::duration<double>(now - tracked->state_since).count());
  }
  const auto& findings = poller.findings().active();
  Explanation explanation = explain_socket(ExplainContext{.socket = socket,
                                                          .owners = snapshot.processes.find(socket.inode),
                                                          .sysctls = snapshot.system.sysctls,
                                                          .state_age_s = age,
                                                          .findings = findings,
                                                          .thresholds = poller.detectors_config()});
  return whole(ipc::encode_result(request.method, request.id,
                                  {{"explanation", explanation_json(explanation)}, {"text", explanation_text(explanation)}}));
}

}  // namespace sockscope::daemon

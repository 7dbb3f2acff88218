#include "filter_options.h"
#include "cmd_explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <string>
#include <variant>

#include "daemon_query.h"
#include "detect/detector.h"
#include "detect/finding.h"
#include "explain/explanation.h"
#include "explain/explanation_json.h"
#include "explain/explanation_text.h"
#include "output.h"
#include "render/json_decode.h"
#include "render/socket_json.h"
#include "render/socket_table.h"
#include "snapshot_source.h"
#include "usage_error.h"

namespace sockscope::cli {

namespace {

int print_explanation(const Explanation& explanation, const GlobalOptions& global) {
  fmt::memory_buffer out;
  if (global.json) {
    out.append(explanation_json(explanation).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    out.push_back('\n');
  } else {
    render_explanation_text(out, explanation);
  }
  return write_stdout(out);
}

// Everything an explanation can use; the parts of the filter the kernel can
// apply go into the dump request.
PollOptions poll_options(const SocketTarget& target) {
  PollOptions poll;
  poll.sockets.tcp = target.filter.tcp;
  poll.sockets.udp = target.filter.udp;
  poll.sockets.ipv4 = target.filter.ipv4;
  poll.sockets.ipv6 = target.filter.ipv6;
  poll.sockets.states = target.filter.states;
  poll.sockets.tcp_info = true;
  poll.sockets.mem = true;
  poll.processes = true;
  poll.system = true;
  return poll;
}

std::span<const ProcessRef> owners_of(const SocketRecord& socket, const ProcessIndex& processes) {
  return socket.inode ? processes.find(socket.inode) : std::span<const ProcessRef>();
}

// The sockets table with a Cookie column in front, since --cookie is the
// surest way to pick one of them.
void render_candidates(fmt::memory_buffer& out, std::span<const SocketRecord* const> sockets,
                       const ProcessIndex& processes) {
  fmt::memory_buffer table;
  render_socket_table(table, sockets, processes);
  size_t width = std::string_view("Cookie").size();
  for (const SocketRecord* s : sockets) width = std::max(width, fmt::formatted_size("{}", s->cookie));
  std::string_view rest(table.data(), table.size());
  for (size_t row = 0; !rest.empty(); ++row) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    if (row == 0) {
      fmt::format_to(std::back_inserter(out), "{:<{}} {}\n", "Cookie", width, line);
    } else if (row - 1 < sockets.size()) {
      fmt::format_to(std::back_inserter(out), "{:<{}} {}\n", sockets[row - 1]->cookie, width, line);
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
}

int several_match(std::span<const SocketRecord* const> sockets, const Snapshot& snapshot, const SocketTarget& target,
                  const GlobalOptions& global) {
  fmt::memory_buffer out;
  if (global.json) {
    render_sockets_json(out, sockets, snapshot.processes);
  } else {
    render_candidates(out, sockets, snapshot.processes);
  }
  if (write_stdout(out) != kExitOk) return kExitFailure;
  print_error(fmt::format("{} sockets match '{}'; narrow it down with --cookie N, LOCAL PEER, or more filter words",
                          sockets.size(), target.description));
  return kExitFailure;
}

int explain_from_snapshot(const SocketTarget& target, const Snapshot& snapshot, std::span<const Finding> findings,
                          const DetectorsConfig& thresholds, const GlobalOptions& global) {
  auto matches = select_targets(snapshot.sockets, target, snapshot.processes);
  if (matches.empty()) {
    print_error("no socket matches '" + target.description + "'");
    return kExitFailure;
  }
  if (matches.size() > 1) return several_match(matches, snapshot, target, global);
  const SocketRecord& socket = *matches.front();
  Explanation explanation = explain_socket(ExplainContext{
      .socket = socket,
      .owners = owners_of(socket, snapshot.processes),
      .sysctls = snapshot.system.sysctls,
      .state_age_s = std::nullopt,
      .findings = findings,
      .thresholds = thresholds,
  });
  return print_explanation(explanation, global);
}

ipc::Request explain_request(const TargetArgs& target) {
  ipc::Request request;
  request.method = ipc::Method::Explain;
  request.endpoints = target.endpoints;
  request.cookie = target.cookie;
  request.inode = target.inode;
  request.filter = target.filter;
  return request;
}

// The daemon's answer: its explanation (with ages and findings), or the
// candidates when several sockets match, or its error (no match, bad value).
int explain_from_daemon(std::string_view line, const SocketTarget& target, const GlobalOptions& global) {
  auto result = result_of(line, ipc::Method::Explain);
  if (!result) {
    print_error(result.error().message);
    return kExitFailure;
  }
  if (!result->is_object()) {
    print_error("the daemon's explain answer is not an object");
    return kExitFailure;
  }
  fmt::memory_buffer out;
  const nlohmann::json explanation = result->value("explanation", nlohmann::json());
  if (!explanation.is_null()) {
    const nlohmann::json text = result->value("text", nlohmann::json());
    if (global.json) {
      out.append(explanation.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
      out.push_back('\n');
    } else if (text.is_string()) {
      out.append(text.get<std::string>());
    } else {
      print_error("the daemon's explain answer has no text");
      return kExitFailure;
    }
    return write_stdout(out);
  }
  auto decoded = decode_sockets_json(nlohmann::json{{"sockets", result->value("sockets", nlohmann::json())}});
  if (!decoded) {
    print_error("the daemon's answer: " + decoded.error().message);
    return kExitFailure;
  }
  std::vector<const SocketRecord*> sockets;
  for (const SocketRecord& s : decoded->sockets) sockets.push_back(&s);
  if (global.json) {
    render_sockets_json(out, sockets, decoded->processes);
  } else {
    render_candidates(out, sockets, decoded->processes);
  }
  if (write_stdout(out) != kExitOk) return kExitFailure;
  const auto& count_json = result->value("count", nlohmann::json());
  const uint64_t count = count_json.is_number_unsigned() ? count_json.get<uint64_t>() : sockets.size();
  print_error(fmt::format("{} sockets match '{}'{}; narrow it down with --cookie N, LOCAL PEER, or more filter words",
                          count, target.description, sockets.size() < count ? " (the first listed)" : ""));
  return kExitFailure;
}

}  // namespace

CLI::App* add_explain_command(CLI::App& app, ExplainArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "explain", "What a socket's state means, how it got there, what happens next, and what to do");
  TargetArgs& t = args.target;
  FilterArgs& f = t.filter;
  cmd->add_option("endpoints", t.endpoints,
                  "The socket's local and peer address:port (IPv6 in brackets; * matches any address or port)")
      ->type_name("LOCAL PEER");
  add_text_option(*cmd, "--cookie", t.cookie, "N", "The socket with this kernel cookie (decimal, or hex after 0x)");
  add_text_option(*cmd, "--inode", t.inode, "N", "The socket with this inode");
  cmd->add_option("--state", f.states,
                  "Alone: explain this state in general (established, syn-sent, syn-recv, fin-wait-1, fin-wait-2, "
                  "time-wait, close, close-wait, last-ack, listen, closing, or udp). With other filter words: "
                  "only sockets in this state or group")
      ->type_name("NAME")
      ->allow_extra_args(false);
  add_filter_options(*cmd, f);
  return cmd;
}

int run_explain(const ExplainArgs& args, const GlobalOptions& global) {
  auto target = parse_target(args.target);
  if (!target) throw UsageError(target.error().message);
  if (const auto* state = std::get_if<StateTarget>(&*target)) {
    return print_explanation(explain_state(state->proto, state->state), global);
  }
  const auto& socket_target = std::get<SocketTarget>(*target);
  const DetectorsConfig thresholds = detectors_config(global);
  if (!detectors_direct(global)) {
    auto line = ask_daemon_line(global, explain_request(args.target));
    if (line) return explain_from_daemon(*line, socket_target, global);
    notice_fallback(global, line.error());
  }
  auto snapshot = get_snapshot(global, poll_options(socket_target));
  if (!snapshot) return poll_failed(snapshot.error());
  // One poll: the detectors that need no ages or rates can still name the socket.
  auto findings = run_detectors(DetectorInput{*snapshot, nullptr, nullptr, thresholds});
  return explain_from_snapshot(socket_target, *snapshot, findings, thresholds, global);
}

}  // namespace sockscope::cli

#include "filter_options.h"
#include "cmd_sockets.h"

#include <algorithm>
#include <cctype>

#include "daemon_query.h"
#include "filter/sort_key.h"
#include "output.h"
#include "render/json_decode.h"
#include "render/socket_json.h"
#include "render/socket_table.h"
#include "snapshot_source.h"
#include "usage_error.h"

namespace sockscope::cli {

namespace {

// The parts of the filter the kernel can apply go into the dump request, so
// sockets that cannot match are never copied out of the kernel.
PollOptions poll_options(const SocketFilter& filter, const SocketsArgs& args, bool json) {
  PollOptions poll;
  poll.sockets.tcp = filter.tcp;
  poll.sockets.udp = filter.udp;
  poll.sockets.ipv4 = filter.ipv4;
  poll.sockets.ipv6 = filter.ipv6;
  poll.sockets.states = filter.states;
  // tcp_info and skmeminfo only appear in JSON; the table does without them.
  poll.sockets.tcp_info = json;
  poll.sockets.mem = json;
  poll.processes = !args.no_processes;
  poll.system = false;
  return poll;
}

// Ages live in the daemon; the filter library knows only the keys a poll can sort by.
bool is_age_key(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text == "age";
}

ipc::Request sockets_request(const SocketsArgs& args, bool by_age) {
  ipc::Request request;
  request.method = ipc::Method::Sockets;
  request.filter = args.filter;
  if (args.sort) request.sort = by_age ? std::string("age") : *args.sort;
  request.processes = !args.no_processes;
  return request;
}

// The daemon's listing, printed; an Error when it did not answer usably, so
// the caller can poll directly instead. Nothing is printed before that is known.
Result<int> sockets_from_daemon(const SocketsArgs& args, const GlobalOptions& global, bool by_age) {
  auto line = ask_daemon_line(global, sockets_request(args, by_age));
  if (!line) return line.error();
  fmt::memory_buffer out;
  if (global.json) {
    // Already the JSON we would print (plus ages): laid out, not parsed.
    if (auto raw = raw_result(*line, ipc::Method::Sockets); raw && expand_sockets_listing(*raw, out)) {
      return write_stdout(out);
    }
  }
  auto result = result_of(*line, ipc::Method::Sockets);
  if (!result) return result.error();
  if (global.json) {
    out.append(result->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    out.push_back('\n');
    return write_stdout(out);
  }
  auto decoded = decode_sockets_json(*result);
  if (!decoded) return decoded.error();
  std::vector<const SocketRecord*> rows;
  rows.reserve(decoded->sockets.size());
  for (const SocketRecord& s : decoded->sockets) rows.push_back(&s);  // the daemon filtered and sorted
  render_socket_table(out, rows, decoded->processes,
                      TableOptions{.process_column = !args.no_processes, .ages = &decoded->ages});
  return write_stdout(out);
}

}  // namespace

CLI::App* add_sockets_command(CLI::App& app, SocketsArgs& args) {
  CLI::App* cmd = app.add_subcommand("sockets", "List sockets, like ss -tuanp");
  FilterArgs& f = args.filter;
  cmd->add_option("--state", f.states,
                  "Only sockets in this state or group (repeatable, ORed): established, syn-sent, "
                  "syn-recv, fin-wait-1, fin-wait-2, time-wait, close, close-wait, last-ack, listen, "
                  "closing, connected, synchronized, bucket, big, all")
      ->type_name("NAME")
      ->allow_extra_args(false);
  add_filter_options(*cmd, f);
  add_text_option(*cmd, "--sort", args.sort, "KEY",
                  "Order by recvq or sendq (largest first), state, or age (longest in its state first; "
                  "needs the daemon)");
  cmd->add_flag("--no-processes", args.no_processes,
                "Skip the /proc scan for socket owners (faster; no Process column)");
  return cmd;
}

int run_sockets(const SocketsArgs& args, const GlobalOptions& global) {
  auto filter = parse_filter(args.filter);
  if (!filter) throw UsageError(filter.error().message);
  const bool by_age = args.sort && is_age_key(*args.sort);
  SortKey sort = SortKey::None;
  if (args.sort && !by_age) {
    auto key = parse_sort_key(*args.sort);
    if (!key) throw UsageError(key.error().message);
    sort = *key;
  }
  if (args.no_processes && filter->needs_processes()) {
    throw UsageError("--process needs the process scan; drop --no-processes");
  }
  if (by_age && global.direct) {
    throw UsageError("--sort age needs the daemon (only sockscoped tracks ages); drop --direct");
  }

  if (!global.direct) {
    auto done = sockets_from_daemon(args, global, by_age);
    if (done) return *done;
    if (by_age) {
      print_error("--sort age needs the daemon (" + no_daemon(global, done.error()) + ")");
      return kExitFailure;
    }
    notice_fallback(global, done.error());
  }

  const PollOptions poll = poll_options(*filter, args, global.json);
  auto snapshot = get_snapshot(global, poll);
  if (!snapshot) return poll_failed(snapshot.error());

  auto selected = select_sockets(snapshot->sockets, *filter, snapshot->processes);
  sort_sockets(selected, sort);
  fmt::memory_buffer out;
  StdoutStream stream;
  if (global.json) {
    auto flush = [&stream](fmt::memory_buffer& chunk) { stream.write(chunk); };
    render_sockets_json(out, selected, snapshot->processes, flush);
  } else {
    // About 100 bytes a row: even 100,000 rows are one write.
    render_socket_table(out, selected, snapshot->processes, TableOptions{.process_column = poll.processes});
  }
  return stream.finish(out);
}

}  // namespace sockscope::cli

#include "cmd_history.h"

#include <charconv>
#include <cmath>

#include "daemon_query.h"
#include "history_chart.h"
#include "output.h"
#include "usage_error.h"

namespace sockscope::cli {

namespace {

// The span the chart covers when none is asked for.
constexpr double kDefaultSeconds = 3600;

double parse_seconds(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value) || value <= 0) {
    throw UsageError("bad --seconds '" + text + "' (expected a positive number of seconds)");
  }
  return value;
}

}  // namespace

CLI::App* add_history_command(CLI::App& app, HistoryArgs& args) {
  CLI::App* cmd = app.add_subcommand("history", "TCP sockets per state over time (needs the daemon)");
  cmd->add_option_function<std::string>(
         "--seconds", [&args](const std::string& value) { args.seconds = value; },
         "How far back to look (default 3600; the daemon keeps an hour unless configured otherwise)")
      ->type_name("N");
  return cmd;
}

int run_history(const HistoryArgs& args, const GlobalOptions& global) {
  ipc::Request request;
  request.method = ipc::Method::History;
  request.history_seconds = args.seconds ? parse_seconds(*args.seconds) : kDefaultSeconds;
  if (global.direct) throw UsageError("history needs the daemon; drop --direct");

  auto line = ask_daemon_line(global, request);
  if (!line) {
    print_error("history needs the daemon (" + no_daemon(global, line.error()) + ")");
    return kExitFailure;
  }
  auto result = result_of(*line, ipc::Method::History);
  if (!result) {
    print_error("history needs the daemon (" + no_daemon(global, result.error()) + ")");
    return kExitFailure;
  }
  fmt::memory_buffer out;
  if (global.json) {
    // Key order as the daemon wrote it.
    auto raw = raw_result(*line, ipc::Method::History);
    nlohmann::ordered_json ordered = raw ? nlohmann::ordered_json::parse(*raw, nullptr, false) : nlohmann::ordered_json();
    if (ordered.is_discarded() || ordered.is_null()) ordered = *result;
    out.append(ordered.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    out.push_back('\n');
  } else if (auto drawn = render_history_chart(out, *result); !drawn) {
    print_error("unexpected history answer from the daemon: " + drawn.error().describe());
    return kExitFailure;
  }
  return write_stdout(out);
}

}  // namespace sockscope::cli

#include "cmd_status.h"

#include <exception>
#include <iterator>

#include "output.h"
#include "render/socket_table.h"
#include "render/status_json.h"
#include "render/status_text.h"
#include "status_source.h"

namespace sockscope::cli {

PollOptions summary_poll_options() {
  PollOptions poll;
  poll.sockets.tcp_info = false;
  poll.sockets.mem = false;
  poll.processes = false;
  poll.system = true;
  return poll;
}

CLI::App* add_status_command(CLI::App& app) {
  return app.add_subcommand("status", "Summary: sockets per state, queues, TCP memory, limits");
}

void append_daemon_line(fmt::memory_buffer& out, const nlohmann::ordered_json& status) {
  auto daemon = status.find("daemon");
  if (daemon == status.end() || !daemon->is_object()) return;
  // Each figure on its own: a daemon that leaves one out still gets a line.
  auto figure = [&](const char* key) -> std::optional<double> {
    auto it = daemon->find(key);
    if (it == daemon->end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
  };
  auto or_na = [](std::optional<double> v, const char* spec) {
    return v ? fmt::format(fmt::runtime(spec), *v) : std::string("n/a");
  };
  fmt::format_to(std::back_inserter(out),
                 "Daemon: up {}, {} polls every {} s, last poll {} ms (recent average {} ms), {} failed\n",
                 format_age(figure("uptime_s")), or_na(figure("polls"), "{:.0f}"), or_na(figure("interval_s"), "{:g}"),
                 or_na(figure("last_poll_ms"), "{:.1f}"), or_na(figure("recent_poll_ms_avg"), "{:.1f}"),
                 or_na(figure("polls_failed"), "{:.0f}"));
}

int run_status(const GlobalOptions& global) {
  auto status = get_status(global);
  if (!status) return poll_failed(status.error());
  fmt::memory_buffer out;
  if (global.json) {
    // The daemon's object has the same keys plus "daemon"; print it as it came.
    // sockstat keys come from a file; replace rather than throw on odd bytes.
    std::string text = status->from_daemon.is_null()
                           ? status_to_json(status->summary).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                           : status->from_daemon.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    out.append(text);
    out.push_back('\n');
  } else {
    render_status_text(out, status->summary);
    append_daemon_line(out, status->from_daemon);
  }
  return write_stdout(out);
}

}  // namespace sockscope::cli

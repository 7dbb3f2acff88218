#include "cmd_status.h"

#include "output.h"
#include "render/status_json.h"
#include "render/status_summary.h"
#include "render/status_text.h"
#include "snapshot_source.h"

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

int run_status(const GlobalOptions& global) {
  auto snapshot = get_snapshot(global, summary_poll_options());
  if (!snapshot) return poll_failed(snapshot.error());
  StatusSummary summary = summarize_status(*snapshot);
  fmt::memory_buffer out;
  if (global.json) {
    // sockstat keys come from a file; replace rather than throw on odd bytes.
    std::string text = status_to_json(summary).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    out.append(text);
    out.push_back('\n');
  } else {
    render_status_text(out, summary);
  }
  return write_stdout(out);
}

}  // namespace sockscope::cli

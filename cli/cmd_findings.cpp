#include "cmd_findings.h"

#include "daemon_query.h"
#include "findings_source.h"
#include "output.h"
#include "render/findings_json.h"
#include "render/findings_text.h"
#include "snapshot_source.h"

namespace sockscope::cli {

CLI::App* add_findings_command(CLI::App& app) {
  return app.add_subcommand("findings", "What the detectors found, worst first (direct mode: no ages or rates)");
}

int run_findings(const GlobalOptions& global) {
  Result<FindingsData> data = Error{"not asked"};
  const DetectorsConfig thresholds = detectors_config(global);  // a bad file fails before any poll
  if (!detectors_direct(global)) {
    data = findings_from_daemon(global);
    if (!data) notice_fallback(global, data.error());
  }
  if (!data) {
    auto snapshot = get_snapshot(global, findings_poll_options());
    if (!snapshot) return poll_failed(snapshot.error());
    data = findings_of_snapshot(*snapshot, thresholds);
  }
  fmt::memory_buffer out;
  if (global.json) {
    out.append(findings_to_json(data->findings).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    out.push_back('\n');
  } else {
    render_findings_table(out, data->findings, std::chrono::system_clock::now());
    append_direct_caveat(out, *data);
  }
  return write_stdout(out);
}

}  // namespace sockscope::cli

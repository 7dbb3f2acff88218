#include "cmd_report.h"

#include <fmt/chrono.h>

#include <ctime>

#include "cmd_status.h"
#include "output.h"
#include "render/status_json.h"
#include "render/status_summary.h"
#include "render/status_text.h"
#include "snapshot_source.h"
#include "version.h"

namespace sockscope::cli {

namespace {

void header(fmt::memory_buffer& out, const Snapshot& snapshot) {
  std::time_t taken = std::chrono::system_clock::to_time_t(snapshot.taken_at);
  fmt::format_to(std::back_inserter(out), "sockscope {} triage report, {:%Y-%m-%d %H:%M:%S}\n\n", kVersion,
                 fmt::localtime(taken));
}

void status_section(fmt::memory_buffer& out, const Snapshot& snapshot) {
  render_status_text(out, summarize_status(snapshot));
}

// Sections in the order a reader needs them: what is wrong first (a findings
// section goes at the front once detectors exist), then the state of things.
using Section = void (*)(fmt::memory_buffer&, const Snapshot&);
constexpr Section kSections[] = {status_section};

void report_text(fmt::memory_buffer& out, const Snapshot& snapshot) {
  header(out, snapshot);
  for (Section section : kSections) section(out, snapshot);
}

void report_json(fmt::memory_buffer& out, const Snapshot& snapshot) {
  nlohmann::ordered_json report;
  report["version"] = kVersion;
  report["status"] = status_to_json(summarize_status(snapshot));
  out.append(report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  out.push_back('\n');
}

}  // namespace

int run_report(const GlobalOptions& global) {
  auto snapshot = get_snapshot(global, summary_poll_options());
  if (!snapshot) return poll_failed(snapshot.error());
  fmt::memory_buffer out;
  if (global.json) {
    report_json(out, *snapshot);
  } else {
    report_text(out, *snapshot);
  }
  return write_stdout(out);
}

}  // namespace sockscope::cli

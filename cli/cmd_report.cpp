#include "cmd_report.h"

#include <fmt/chrono.h>

#include <ctime>

#include "cmd_status.h"
#include "output.h"
#include "render/status_json.h"
#include "render/status_summary.h"
#include "render/status_text.h"
#include "status_source.h"
#include "version.h"

namespace sockscope::cli {

namespace {

void header(fmt::memory_buffer& out, const StatusData& status) {
  std::time_t taken = std::chrono::system_clock::to_time_t(status.summary.taken_at);
  fmt::format_to(std::back_inserter(out), "sockscope {} triage report, {:%Y-%m-%d %H:%M:%S}\n\n", kVersion,
                 fmt::localtime(taken));
}

void status_section(fmt::memory_buffer& out, const StatusData& status) {
  render_status_text(out, status.summary);
  append_daemon_line(out, status.from_daemon);
}

// Sections in the order a reader needs them: what is wrong first (a findings
// section goes at the front once detectors exist), then the state of things.
using Section = void (*)(fmt::memory_buffer&, const StatusData&);
constexpr Section kSections[] = {status_section};

void report_text(fmt::memory_buffer& out, const StatusData& status) {
  header(out, status);
  for (Section section : kSections) section(out, status);
}

void report_json(fmt::memory_buffer& out, const StatusData& status) {
  nlohmann::ordered_json report;
  report["version"] = kVersion;
  // From the daemon: its status object as sent, "daemon" figures included.
  report["status"] = status.from_daemon.is_null() ? status_to_json(status.summary) : status.from_daemon;
  out.append(report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  out.push_back('\n');
}

}  // namespace

int run_report(const GlobalOptions& global) {
  auto status = get_status(global);
  if (!status) return poll_failed(status.error());
  fmt::memory_buffer out;
  if (global.json) {
    report_json(out, *status);
  } else {
    report_text(out, *status);
  }
  return write_stdout(out);
}

}  // namespace sockscope::cli

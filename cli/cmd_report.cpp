#include "cmd_report.h"

#include <fmt/chrono.h>

#include <ctime>

#include "cmd_status.h"
#include "daemon_query.h"
#include "findings_source.h"
#include "render/findings_json.h"
#include "render/findings_text.h"
#include "snapshot_source.h"
#include "output.h"
#include "render/status_json.h"
#include "render/status_summary.h"
#include "render/status_text.h"
#include "status_source.h"
#include "version.h"

namespace sockscope::cli {

namespace {

struct ReportData {
  StatusData status;
  FindingsData findings;
};

void header(fmt::memory_buffer& out, const ReportData& report) {
  std::time_t taken = std::chrono::system_clock::to_time_t(report.status.summary.taken_at);
  fmt::format_to(std::back_inserter(out), "sockscope {} triage report, {:%Y-%m-%d %H:%M:%S}\n\n", kVersion,
                 fmt::localtime(taken));
}

void findings_section(fmt::memory_buffer& out, const ReportData& report) {
  const auto& findings = report.findings.findings;
  if (findings.empty()) {
    out.append(std::string_view("No findings.\n"));
  } else {
    render_findings_report(out, findings, std::chrono::system_clock::now());
  }
  append_direct_caveat(out, report.findings);
  out.push_back('\n');
}

void status_section(fmt::memory_buffer& out, const ReportData& report) {
  render_status_text(out, report.status.summary);
  append_daemon_line(out, report.status.from_daemon);
}

// Sections in the order a reader needs them: what is wrong first, then the
// state of things.
using Section = void (*)(fmt::memory_buffer&, const ReportData&);
constexpr Section kSections[] = {findings_section, status_section};

void report_text(fmt::memory_buffer& out, const ReportData& report) {
  header(out, report);
  for (Section section : kSections) section(out, report);
}

void report_json(fmt::memory_buffer& out, const ReportData& report) {
  nlohmann::ordered_json json;
  json["version"] = kVersion;
  json["findings"] = findings_to_json(report.findings.findings)["findings"];
  if (!report.findings.from_daemon) {
    json["needs_daemon"] = {{"not_run", report.findings.not_run}, {"partial", report.findings.partial}};
  }
  // From the daemon: its status object as sent, "daemon" figures included.
  json["status"] = report.status.from_daemon.is_null() ? status_to_json(report.status.summary)
                                                        : report.status.from_daemon;
  out.append(json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  out.push_back('\n');
}

// The daemon's status and findings, or one direct poll for both.
Result<ReportData> gather(const GlobalOptions& global) {
  const DetectorsConfig thresholds = detectors_config(global);  // a bad file fails before any poll
  if (!detectors_direct(global)) {
    auto status = status_from_daemon(global);
    auto findings = status ? findings_from_daemon(global) : Result<FindingsData>(status.error());
    if (status && findings) return ReportData{std::move(*status), std::move(*findings)};
    notice_fallback(global, status ? findings.error() : status.error());
  }
  auto snapshot = get_snapshot(global, findings_poll_options());
  if (!snapshot) return snapshot.error();
  return ReportData{StatusData{summarize_status(*snapshot), nullptr}, findings_of_snapshot(*snapshot, thresholds)};
}

}  // namespace

int run_report(const GlobalOptions& global) {
  auto report = gather(global);
  if (!report) return poll_failed(report.error());
  fmt::memory_buffer out;
  if (global.json) {
    report_json(out, *report);
  } else {
    report_text(out, *report);
  }
  return write_stdout(out);
}

}  // namespace sockscope::cli

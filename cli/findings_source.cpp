#include "findings_source.h"

#include <string_view>

#include "daemon_query.h"
#include "detect/detector.h"
#include "render/findings_json.h"

namespace sockscope::cli {

Result<FindingsData> findings_from_daemon(const GlobalOptions& global) {
  ipc::Request request;
  request.method = ipc::Method::Findings;
  auto result = ask_daemon(global, request);
  if (!result) return result.error();
  auto findings = findings_from_json(*result);
  if (!findings) return findings.error();
  return FindingsData{std::move(*findings), true, {}, {}};
}

PollOptions findings_poll_options() { return PollOptions{}; }

FindingsData findings_of_snapshot(const Snapshot& snapshot, const DetectorsConfig& config) {
  FindingsData data;
  data.findings = run_detectors(DetectorInput{snapshot, nullptr, nullptr, config});
  for (const DetectorInfo& d : detectors()) {
    if (d.needs_daemon_for.empty()) continue;
    std::string what = std::string(d.kind) + " (" + std::string(d.needs_daemon_for) + ")";
    (d.runs_direct ? data.partial : data.not_run).push_back(std::move(what));
  }
  return data;
}

namespace {

// "label: a, b, c" wrapped at 80 columns, continuation lines indented.
void append_list(fmt::memory_buffer& out, std::string_view label, const std::vector<std::string>& items) {
  std::string line = "  " + std::string(label) + ":";
  for (size_t i = 0; i < items.size(); ++i) {
    // The kind alone; what it lacks is in the JSON.
    std::string word = items[i].substr(0, items[i].find(' ')) + (i + 1 < items.size() ? "," : "");
    if (line.size() + 1 + word.size() > 80) {
      out.append(line);
      out.push_back('\n');
      line = "    ";
    } else {
      line += ' ';
    }
    line += word;
  }
  out.append(line);
  out.push_back('\n');
}

}  // namespace

void append_direct_caveat(fmt::memory_buffer& out, const FindingsData& data) {
  if (data.from_daemon) return;
  out.append(std::string_view("Direct mode (no daemon): one poll, so no ages and no rates.\n"));
  if (!data.not_run.empty()) append_list(out, "Not run, need the daemon", data.not_run);
  if (!data.partial.empty()) append_list(out, "Run without ages or rates", data.partial);
}

}  // namespace sockscope::cli

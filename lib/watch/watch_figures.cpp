#include "watch/watch_figures.h"

#include <fmt/format.h>

#include <array>

namespace sockscope::watch_text {

namespace {

std::string or_unknown(const std::optional<int64_t>& value) {
  return value ? std::to_string(*value) : std::string("?");
}

Style zone_style(const TcpMemory& mem) {
  if (mem.over_max) return Style::Critical;
  switch (mem.zone) {
    case MemoryZone::Normal: return Style::Good;
    case MemoryZone::AboveMin: return Style::Info;
    case MemoryZone::Pressure: return Style::Critical;
    case MemoryZone::Unknown: break;
  }
  return Style::Dim;
}

}  // namespace

std::string mode_text(const WatchFrame& frame) {
  if (frame.from_daemon) return "daemon";
  return fmt::format("direct every {:g}s", frame.interval_s);
}

std::string duration_ms(std::chrono::nanoseconds duration) {
  return fmt::format("{:.1f} ms", std::chrono::duration<double, std::milli>(duration).count());
}

std::string compact_bytes(int64_t bytes) {
  static constexpr std::array<char, 6> kUnits = {'K', 'M', 'G', 'T', 'P', 'E'};
  if (bytes < 1024 && bytes > -1024) return fmt::format("{}B", bytes);
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  value /= 1024;
  while ((value >= 1024 || value <= -1024) && unit + 1 < kUnits.size()) {
    value /= 1024;
    ++unit;
  }
  if (value < 9.95 && value > -9.95) return fmt::format("{:.1f}{}", value, kUnits[unit]);
  return fmt::format("{:.0f}{}", value, kUnits[unit]);
}

int64_t count_change(const StateCounts& now, const std::optional<StateCounts>& previous, TcpState state) {
  if (!previous) return 0;
  return static_cast<int64_t>(now[state]) - static_cast<int64_t>((*previous)[state]);
}

std::string change_text(int64_t change) {
  if (change == 0) return {};
  return fmt::format("{:+}", change);
}

std::vector<Span> memory_spans(const StatusSummary& status) {
  const TcpMemory& mem = status.tcp_mem;
  auto bytes = [&](std::optional<int64_t> pages) {
    return pages ? compact_bytes(*pages * mem.page_size) : std::string("?");
  };
  std::optional<int64_t> pressure, max;
  if (mem.limits) pressure = mem.limits->def, max = mem.limits->max;
  std::string zone(memory_zone_name(mem.zone));
  if (mem.over_max) zone += ", over max";
  const Sysctls& limits = status.sysctls;
  return {
      Span{"mem " + bytes(mem.in_use_pages) + " ", Style::Normal},
      Span{zone, zone_style(mem)},
      Span{fmt::format(" (pressure {}, max {})  orphans {}/{}  tw {}/{}", bytes(pressure), bytes(max),
                       or_unknown(status.sockstat.get("TCP", "orphan")), or_unknown(limits.tcp_max_orphans),
                       or_unknown(status.sockstat.get("TCP", "tw")), or_unknown(limits.tcp_max_tw_buckets)),
           Style::Normal},
  };
}

std::string findings_count(const std::vector<Finding>& findings) {
  if (findings.empty()) return "none";
  std::array<size_t, 3> by_severity{};
  for (const Finding& f : findings) ++by_severity[static_cast<size_t>(f.severity)];
  std::string parts;
  for (Severity severity : {Severity::Critical, Severity::Warning, Severity::Info}) {
    size_t n = by_severity[static_cast<size_t>(severity)];
    if (n == 0) continue;
    if (!parts.empty()) parts += ", ";
    parts += fmt::format("{} {}", n, severity_name(severity));
  }
  return fmt::format("{} ({})", findings.size(), parts);
}

std::string_view severity_tag(Severity severity) {
  switch (severity) {
    case Severity::Critical: return "CRIT";
    case Severity::Warning: return "WARN";
    case Severity::Info: break;
  }
  return "INFO";
}

Style severity_style(Severity severity) {
  switch (severity) {
    case Severity::Critical: return Style::Critical;
    case Severity::Warning: return Style::Warning;
    case Severity::Info: break;
  }
  return Style::Info;
}

std::string finding_line(const Finding& finding, std::string_view separator) {
  // Most summaries open with their subject ("pid 812 (java) holds ...",
  // "0.0.0.0:80: one listening socket ..."): on 80 columns it is said once.
  const std::string_view summary = finding.summary;
  const size_t end = finding.subject.size();
  const bool names_subject = !finding.subject.empty() && summary.starts_with(finding.subject) &&
                             (summary.size() == end || summary[end] == ' ' || summary[end] == ':');
  if (names_subject) {
    return fmt::format("{}{}{}{}{}", severity_tag(finding.severity), separator, finding.kind, separator, summary);
  }
  return fmt::format("{}{}{}{}{}: {}", severity_tag(finding.severity), separator, finding.kind, separator,
                     finding.subject, summary);
}

}  // namespace sockscope::watch_text

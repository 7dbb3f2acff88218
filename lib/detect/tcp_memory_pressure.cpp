// tcp_memory_pressure: the pages all TCP sockets hold (sockstat "TCP: mem")
// against tcp_mem (min, pressure, max), plus the kernel's own count of
// entries into pressure mode, which also catches pressure between two polls.
#include <fmt/format.h>

#include "detect/detect_support.h"
#include "detect/detector_fns.h"
#include "detect/history_rates.h"
#include "detect/host_support.h"

namespace sockscope {

namespace {

// Entries into pressure mode are counted over this window.
constexpr double kPressureWindowS = 60;

constexpr std::string_view kAdvice =
    "Above tcp_mem's pressure value the kernel enters TCP memory-pressure mode: it stops growing socket buffers "
    "and trims them until TCP memory falls below tcp_mem's min; at max, allocations fail, senders block, received "
    "data is pruned or dropped and orphans are reset (\"out of memory -- consider tuning tcp_mem\" in dmesg). Find "
    "the sockets holding the memory: large Recv-Q means an application that does not read, large Send-Q a slow or "
    "stalled peer (sort the socket list by queue). Raise net.ipv4.tcp_mem only when the host has memory to spare.";

struct MemoryView {
  std::optional<int64_t> mem_pages;
  std::optional<Triple> tcp_mem;
  std::optional<double> used_pct;           // of tcp_mem max
  std::optional<int64_t> pressure_entries;  // over kPressureWindowS, daemon only
};

MemoryView read_view(const DetectorInput& input) {
  const SystemView& system = input.snapshot.system;
  MemoryView v;
  v.mem_pages = system.sockstat.get("TCP", "mem");
  v.tcp_mem = system.sysctls.tcp_mem;
  if (v.mem_pages && v.tcp_mem && v.tcp_mem->max > 0) {
    v.used_pct = percent_of(static_cast<double>(*v.mem_pages), static_cast<double>(v.tcp_mem->max));
  }
  if (input.history != nullptr) {
    if (auto index = history_counter_index("TcpExt.TCPMemoryPressures")) {
      if (auto window = counter_window(*input.history, *index, kPressureWindowS)) v.pressure_entries = window->total;
    }
  }
  return v;
}

// A tcp_mem value in pages, or in bytes; null when tcp_mem is unknown.
nlohmann::ordered_json limit_or_null(const std::optional<Triple>& tcp_mem, int64_t Triple::*field, int64_t unit) {
  return tcp_mem ? nlohmann::ordered_json((*tcp_mem).*field * unit) : nlohmann::ordered_json(nullptr);
}

std::string summary_of(const MemoryView& v, bool above_pressure, bool critical, int64_t page_size) {
  std::string text;
  if (v.mem_pages) {
    text = fmt::format("TCP holds {} pages ({:.1f} MiB)", *v.mem_pages,
                       static_cast<double>(*v.mem_pages * page_size) / (1024 * 1024));
  } else {
    text = "TCP memory in use unknown";
  }
  if (critical) {
    text += fmt::format(", {:.0f}% of tcp_mem max ({})", *v.used_pct, v.tcp_mem->max);
  } else if (above_pressure) {
    text += fmt::format(", above tcp_mem pressure ({})", v.tcp_mem->def);
  }
  if (v.pressure_entries && *v.pressure_entries > 0) {
    text += fmt::format("; entered memory pressure {} times in the last minute", *v.pressure_entries);
  }
  return text;
}

}  // namespace

void detect_tcp_memory_pressure(const DetectorInput& input, std::vector<Finding>& out) {
  const TcpMemoryPressureConfig& config = input.config.tcp_memory_pressure;
  if (!config.enabled) return;
  const MemoryView v = read_view(input);
  const bool above_pressure = v.mem_pages && v.tcp_mem && *v.mem_pages > v.tcp_mem->def;
  const bool critical = v.used_pct && *v.used_pct >= config.critical_pct;
  const bool entered = v.pressure_entries && *v.pressure_entries > 0;
  if (!above_pressure && !critical && !entered) return;

  const int64_t page_size = input.snapshot.system.sysctls.page_size;
  Finding f;
  f.kind = "tcp_memory_pressure";
  f.id = "tcp_memory_pressure:host";
  f.severity = critical ? Severity::Critical : Severity::Warning;
  f.subject = "host";
  f.summary = summary_of(v, above_pressure, critical, page_size);
  f.evidence["mem_pages"] = or_null(v.mem_pages);
  f.evidence["mem_bytes"] = v.mem_pages ? nlohmann::ordered_json(*v.mem_pages * page_size) : nullptr;
  f.evidence["page_size"] = page_size;
  f.evidence["tcp_mem_min_pages"] = limit_or_null(v.tcp_mem, &Triple::min, 1);
  f.evidence["tcp_mem_pressure_pages"] = limit_or_null(v.tcp_mem, &Triple::def, 1);
  f.evidence["tcp_mem_max_pages"] = limit_or_null(v.tcp_mem, &Triple::max, 1);
  f.evidence["tcp_mem_min_bytes"] = limit_or_null(v.tcp_mem, &Triple::min, page_size);
  f.evidence["tcp_mem_pressure_bytes"] = limit_or_null(v.tcp_mem, &Triple::def, page_size);
  f.evidence["tcp_mem_max_bytes"] = limit_or_null(v.tcp_mem, &Triple::max, page_size);
  f.evidence["used_pct"] = v.used_pct ? nlohmann::ordered_json(evidence_number(*v.used_pct)) : nullptr;
  f.evidence["pressure_entries_1m"] = or_null(v.pressure_entries);
  f.evidence["abort_on_memory_total"] = or_null(input.snapshot.system.counters.get("TcpExt.TCPAbortOnMemory"));
  f.advice = std::string(kAdvice);
  out.push_back(std::move(f));
}

}  // namespace sockscope

#include <algorithm>
#include <array>

#include "detect/detector.h"
#include "detect/detector_fns.h"

namespace sockscope {

namespace {

// Gated by the enabled flag of each kind's config section.
bool enabled(const DetectorsConfig& c, std::string_view kind) {
  if (kind == "time_wait_buildup") return c.time_wait_buildup.enabled;
  if (kind == "ephemeral_port_exhaustion") return c.ephemeral_port_exhaustion.enabled;
  if (kind == "close_wait_buildup") return c.close_wait_buildup.enabled;
  if (kind == "half_open") return c.half_open.enabled;
  if (kind == "listen_overflow") return c.listen_overflow.enabled;
  if (kind == "syn_flood") return c.syn_flood.enabled;
  if (kind == "send_stalled") return c.send_stalled.enabled;
  if (kind == "recv_stranded") return c.recv_stranded.enabled;
  if (kind == "orphans") return c.orphans.enabled;
  if (kind == "tcp_memory_pressure") return c.tcp_memory_pressure.enabled;
  if (kind == "fin_wait2_lingering") return c.fin_wait2_lingering.enabled;
  if (kind == "closing_lingering") return c.closing_lingering.enabled;
  if (kind == "shared_listener") return c.shared_listener.enabled;
  if (kind == "rst_storm") return c.rst_storm.enabled;
  return false;
}

constexpr std::array kDetectors = {
    DetectorInfo{"time_wait_buildup", detect_time_wait_buildup, "", true},
    DetectorInfo{"ephemeral_port_exhaustion", detect_ephemeral_port_exhaustion, "", true},
    DetectorInfo{"close_wait_buildup", detect_close_wait_buildup, "ages", true},
    DetectorInfo{"half_open", detect_half_open, "", true},
    DetectorInfo{"listen_overflow", detect_listen_overflow, "rates", true},
    DetectorInfo{"syn_flood", detect_syn_flood, "rates", true},
    DetectorInfo{"send_stalled", detect_send_stalled, "queues over several polls", true},
    DetectorInfo{"recv_stranded", detect_recv_stranded, "queues over several polls", false},
    DetectorInfo{"orphans", detect_orphans, "", true},
    DetectorInfo{"tcp_memory_pressure", detect_tcp_memory_pressure, "rates", true},
    DetectorInfo{"fin_wait2_lingering", detect_fin_wait2_lingering, "ages", true},
    DetectorInfo{"closing_lingering", detect_closing_lingering, "ages", true},
    DetectorInfo{"shared_listener", detect_shared_listener, "", true},
    DetectorInfo{"rst_storm", detect_rst_storm, "rates", false},
};

}  // namespace

std::span<const DetectorInfo> detectors() { return kDetectors; }

const DetectorInfo* find_detector(std::string_view kind) {
  for (const DetectorInfo& d : kDetectors) {
    if (d.kind == kind) return &d;
  }
  return nullptr;
}

std::vector<Finding> run_detectors(const DetectorInput& input) {
  const bool with_daemon = input.tracker != nullptr && input.history != nullptr;
  std::vector<Finding> findings;
  for (const DetectorInfo& d : kDetectors) {
    if (!enabled(input.config, d.kind)) continue;
    if (!with_daemon && !d.runs_direct) continue;
    d.run(input, findings);
  }
  std::sort(findings.begin(), findings.end(), worse_first);
  return findings;
}

}  // namespace sockscope

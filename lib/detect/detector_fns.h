// The detector functions, one per file (detect/<kind>.cpp). Callers normally
// go through detectors() or run_detectors() in detector.h.
#pragma once

#include <vector>

#include "detect/detector.h"

namespace sockscope {

void detect_time_wait_buildup(const DetectorInput& input, std::vector<Finding>& out);
void detect_ephemeral_port_exhaustion(const DetectorInput& input, std::vector<Finding>& out);
void detect_close_wait_buildup(const DetectorInput& input, std::vector<Finding>& out);
void detect_half_open(const DetectorInput& input, std::vector<Finding>& out);
void detect_listen_overflow(const DetectorInput& input, std::vector<Finding>& out);
void detect_syn_flood(const DetectorInput& input, std::vector<Finding>& out);
void detect_send_stalled(const DetectorInput& input, std::vector<Finding>& out);
void detect_recv_stranded(const DetectorInput& input, std::vector<Finding>& out);
void detect_orphans(const DetectorInput& input, std::vector<Finding>& out);
void detect_tcp_memory_pressure(const DetectorInput& input, std::vector<Finding>& out);
void detect_fin_wait2_lingering(const DetectorInput& input, std::vector<Finding>& out);
void detect_closing_lingering(const DetectorInput& input, std::vector<Finding>& out);
void detect_shared_listener(const DetectorInput& input, std::vector<Finding>& out);
void detect_rst_storm(const DetectorInput& input, std::vector<Finding>& out);

}  // namespace sockscope

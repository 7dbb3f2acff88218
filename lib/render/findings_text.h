// Findings for a terminal: the table of `sockscope findings` and the blocks
// at the top of the triage report.
#pragma once

#include <fmt/format.h>

#include <chrono>
#include <vector>

#include "detect/finding.h"

namespace sockscope {

// SEVERITY, KIND, SUBJECT, FOR (time since `since`, "-" without it), SUMMARY.
void render_findings_table(fmt::memory_buffer& out, const std::vector<Finding>& findings,
                           std::chrono::system_clock::time_point now);

// One block per finding: "CRITICAL  summary", then kind, subject and age,
// then the advice wrapped at `width` columns.
void render_findings_report(fmt::memory_buffer& out, const std::vector<Finding>& findings,
                            std::chrono::system_clock::time_point now, size_t width = 80);

}  // namespace sockscope

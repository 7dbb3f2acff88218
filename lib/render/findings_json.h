// Findings as JSON: {"findings": [...]} for `sockscope findings --json`, the
// daemon's `findings` method and hook events; and back, for the CLI reading
// the daemon's answer.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "detect/finding.h"
#include "util/result.h"

namespace sockscope {

// id, kind, severity, subject, summary, evidence, advice, since (unix
// seconds, null in direct mode), sockets (cookies).
nlohmann::ordered_json finding_to_json(const Finding& finding);
nlohmann::ordered_json findings_to_json(const std::vector<Finding>& findings);

// The inverse of findings_to_json; an Error naming the first bad member.
Result<std::vector<Finding>> findings_from_json(const nlohmann::json& listing);

}  // namespace sockscope

#include "detect/finding.h"

#include <array>
#include <tuple>

namespace sockscope {

namespace {
constexpr std::array<std::string_view, 3> kSeverityNames = {"info", "warning", "critical"};
}

std::string_view severity_name(Severity s) { return kSeverityNames[static_cast<size_t>(s)]; }

std::optional<Severity> parse_severity(std::string_view name) {
  for (size_t i = 0; i < kSeverityNames.size(); ++i) {
    if (kSeverityNames[i] == name) return static_cast<Severity>(i);
  }
  return std::nullopt;
}

bool worse_first(const Finding& a, const Finding& b) {
  return std::tie(b.severity, a.kind, a.id) < std::tie(a.severity, b.kind, b.id);
}

}  // namespace sockscope

// A finding: one thing wrong (or worth knowing) on this host, who it is
// about, the numbers behind it and what to do. Detectors produce candidate
// findings each poll; FindingBook (finding_book.h) applies hysteresis.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope {

enum class Severity : uint8_t { Info = 0, Warning = 1, Critical = 2 };

std::string_view severity_name(Severity s);  // "info", "warning", "critical"
std::optional<Severity> parse_severity(std::string_view name);

// At most this many socket cookies are kept per finding (for explain).
inline constexpr size_t kMaxNamedSockets = 1000;

struct Finding {
  // "<kind>:<subject key>", e.g. "close_wait_buildup:pid=1234",
  // "listen_overflow:[::]:8080", "time_wait_buildup:host". Stable while the
  // condition lasts: built only from what identifies the subject, never
  // from numbers that change.
  std::string id;
  std::string kind;        // one of the detector kinds, e.g. "half_open"
  Severity severity = Severity::Warning;
  std::string subject;     // for people: "pid 1234 (nginx)", "port 8080", "host"
  std::string summary;     // one line, no trailing period needed
  nlohmann::ordered_json evidence = nlohmann::ordered_json::object();  // the numbers
  std::string advice;      // what to do, a few sentences
  // Cookies of the sockets this finding is about, ascending, at most
  // kMaxNamedSockets; empty for host-wide findings.
  std::vector<uint64_t> sockets;
  // When the condition was first seen (set by FindingBook; unset in direct mode).
  std::optional<std::chrono::system_clock::time_point> since;
};

// Worst first, then by kind and id: the order every listing uses.
bool worse_first(const Finding& a, const Finding& b);

}  // namespace sockscope

#include "detect/host_support.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "detect/detect_support.h"

namespace sockscope {

void CookieSample::add(uint64_t cookie) {
  if (heap_.size() < kMaxNamedSockets) {
    heap_.push_back(cookie);
    std::push_heap(heap_.begin(), heap_.end());
  } else if (cookie < heap_.front()) {
    std::pop_heap(heap_.begin(), heap_.end());
    heap_.back() = cookie;
    std::push_heap(heap_.begin(), heap_.end());
  }
}

std::vector<uint64_t> CookieSample::take() {
  std::vector<uint64_t> cookies = std::move(heap_);
  heap_.clear();
  finish_socket_list(cookies);
  return cookies;
}

double evidence_number(double value) {
  const double scale = std::fabs(value) < 1 ? 100.0 : 10.0;
  return std::round(value * scale) / scale;
}

namespace {

// The top peers a lingering finding lists.
constexpr int kLingeringPeers = 5;

struct LingeringScan {
  int64_t count = 0;
  int64_t orphaned = 0;
  int64_t old = 0;                   // at or beyond max_age_s (tracker only)
  std::optional<double> oldest_age_s;
  EndpointCounts peers;
  CookieSample cookies;
};

LingeringScan scan_lingering(const DetectorInput& input, const LingeringSpec& spec) {
  LingeringScan scan;
  for (const SocketRecord& socket : input.snapshot.sockets) {
    if (!tcp_in(socket, spec.state)) continue;
    ++scan.count;
    // An owned socket has an inode; the kernel reports 0 once the last fd closed.
    if (socket.inode == 0) ++scan.orphaned;
    scan.peers.add_address(socket.family, socket.remote);
    scan.cookies.add(socket.cookie);
    if (auto age = state_age_s(input, socket)) {
      scan.oldest_age_s = std::max(scan.oldest_age_s.value_or(0.0), *age);
      if (spec.config.max_age_s > 0 && *age >= spec.config.max_age_s) ++scan.old;
    }
  }
  return scan;
}

}  // namespace

std::optional<Finding> lingering_finding(const DetectorInput& input, const LingeringSpec& spec) {
  if (!spec.config.enabled) return std::nullopt;
  LingeringScan scan = scan_lingering(input, spec);
  const bool ages_known = input.tracker != nullptr;
  const bool many = spec.config.warning_count > 0 && scan.count >= spec.config.warning_count;
  const bool old = ages_known && scan.old > 0;
  if (!many && !old) return std::nullopt;

  const std::string_view state = tcp_state_name(spec.state);
  Finding f;
  f.kind = std::string(spec.kind);
  f.id = f.kind + ":host";
  f.severity = Severity::Warning;
  f.subject = "host";
  f.summary = fmt::format("{} {} sockets ({} orphaned)", scan.count, state, scan.orphaned);
  if (scan.oldest_age_s) f.summary += fmt::format(", oldest {}", age_text(*scan.oldest_age_s));
  if (old) f.summary += fmt::format("; {} in {} for {} or longer", scan.old, state,
                                    age_text(spec.config.max_age_s));
  f.evidence["count"] = scan.count;
  f.evidence["orphaned"] = scan.orphaned;
  f.evidence["held"] = scan.count - scan.orphaned;
  f.evidence["oldest_age_s"] = scan.oldest_age_s ? nlohmann::ordered_json(evidence_number(*scan.oldest_age_s))
                                                 : nlohmann::ordered_json(nullptr);
  f.evidence["older_than_max_age"] = ages_known ? nlohmann::ordered_json(scan.old) : nlohmann::ordered_json(nullptr);
  f.evidence["max_age_s"] = spec.config.max_age_s;
  f.evidence["top_peers"] = scan.peers.top(kLingeringPeers, "address");
  f.advice = std::string(spec.advice);
  f.sockets = scan.cookies.take();
  return f;
}

}  // namespace sockscope

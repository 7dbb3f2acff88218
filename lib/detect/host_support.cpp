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

size_t EndpointCounts::KeyHash::operator()(const Key& key) const {
  uint64_t words[2];
  std::memcpy(words, key.addr.data(), sizeof words);
  uint64_t h = words[0] * 0x9e3779b97f4a7c15ULL;
  h ^= (words[1] + 0x632be59bd9b4e019ULL + (h << 6) + (h >> 2));
  h ^= (uint64_t{key.port} << 2 | uint64_t{key.with_port} << 1 | static_cast<uint64_t>(key.family)) *
       0xff51afd7ed558ccdULL;
  return static_cast<size_t>(h ^ (h >> 29));
}

void EndpointCounts::add(Family family, const Endpoint& endpoint) {
  ++counts_[Key{endpoint.addr, endpoint.port, family, true}];
}

void EndpointCounts::add_address(Family family, const Endpoint& endpoint) {
  ++counts_[Key{endpoint.addr, 0, family, false}];
}

nlohmann::ordered_json EndpointCounts::top(int n, std::string_view label) const {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  if (n <= 0) return list;
  using Entry = std::pair<const Key*, int64_t>;
  std::vector<Entry> entries;
  entries.reserve(counts_.size());
  for (const auto& [key, count] : counts_) entries.emplace_back(&key, count);
  auto worse = [](const Entry& a, const Entry& b) {
    if (a.second != b.second) return a.second > b.second;
    if (a.first->family != b.first->family) return a.first->family < b.first->family;
    if (a.first->addr != b.first->addr) return a.first->addr < b.first->addr;
    return a.first->port < b.first->port;
  };
  const size_t keep = std::min(entries.size(), static_cast<size_t>(n));
  std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(keep), entries.end(), worse);
  for (size_t i = 0; i < keep; ++i) {
    const Key& key = *entries[i].first;
    Endpoint endpoint{key.addr, key.port};
    std::string text = key.with_port ? format_endpoint(key.family, endpoint) : format_address(key.family, endpoint);
    nlohmann::ordered_json item;
    item[std::string(label)] = std::move(text);
    item["count"] = entries[i].second;
    list.push_back(std::move(item));
  }
  return list;
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

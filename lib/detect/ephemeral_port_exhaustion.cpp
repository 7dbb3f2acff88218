// ephemeral_port_exhaustion: connect() picks a local port from
// ip_local_port_range that makes the 4-tuple unique, so the pool runs out per
// (local address, remote address, remote port). Every TCP connection whose
// local port lies in the range holds one, in any state, TIME_WAIT included.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "detect/detect_support.h"
#include "detect/detector_fns.h"
#include "detect/host_support.h"

namespace sockscope {

namespace {

constexpr std::string_view kAdvice =
    "Connections from one local address to one destination can each take a local port from "
    "net.ipv4.ip_local_port_range, and TIME_WAIT keeps a port for 60 s after close; when the range is used up "
    "connect() fails with EADDRNOTAVAIL. Reuse connections (keep-alive, pools) instead of opening one per request, "
    "widen ip_local_port_range (checking ip_local_reserved_ports and listeners inside it), spread connections over "
    "more source addresses, or set net.ipv4.tcp_tw_reuse=1 so outgoing connects can take over TIME_WAIT ports. "
    "Sockets that call bind() before connect() keep their port for every destination; IP_BIND_ADDRESS_NO_PORT "
    "avoids that.";

struct Destination {
  std::array<uint8_t, 16> local{};
  std::array<uint8_t, 16> remote{};
  uint16_t remote_port = 0;
  Family family = Family::Inet;
  bool operator==(const Destination&) const = default;
};

struct DestinationHash {
  size_t operator()(const Destination& d) const {
    uint64_t words[4];
    std::memcpy(words, d.local.data(), 16);
    std::memcpy(words + 2, d.remote.data(), 16);
    uint64_t h = (uint64_t{d.remote_port} << 1 | static_cast<uint64_t>(d.family)) + 0x9e3779b97f4a7c15ULL;
    for (uint64_t w : words) {
      h ^= w + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
      h *= 0xff51afd7ed558ccdULL;
    }
    return static_cast<size_t>(h ^ (h >> 32));
  }
};

struct Group {
  int64_t ports = 0;
  int finding = -1;  // index into the qualifying groups, -1 when below the threshold
};

struct Qualifying {
  const Destination* destination = nullptr;
  int64_t ports = 0;
  std::array<int64_t, kTcpStateCount> by_state{};
  CookieSample cookies;
};

// A connection that took its local port from the ephemeral pool. Listeners
// and unconnected sockets are not connections.
bool draws_from_pool(const SocketRecord& socket, const PortRange& range) {
  if (socket.proto != Proto::Tcp) return false;
  const TcpState state = user_visible(socket.state);
  if (state == TcpState::Listen || state == TcpState::Close || state == TcpState::Unknown) return false;
  if (socket.remote.port == 0) return false;
  return socket.local.port >= range.low && socket.local.port <= range.high;
}

Destination destination_of(const SocketRecord& socket) {
  return Destination{socket.local.addr, socket.remote.addr, socket.remote.port, socket.family};
}

nlohmann::ordered_json state_counts(const std::array<int64_t, kTcpStateCount>& by_state) {
  nlohmann::ordered_json counts = nlohmann::ordered_json::object();
  for (int i = 0; i < kTcpStateCount; ++i) {
    if (by_state[static_cast<size_t>(i)] > 0) {
      counts[std::string(tcp_state_name(static_cast<TcpState>(i)))] = by_state[static_cast<size_t>(i)];
    }
  }
  return counts;
}

Finding make_finding(Qualifying& q, const PortRange& range, const EphemeralPortExhaustionConfig& config) {
  const Destination& d = *q.destination;
  Endpoint local{d.local, 0};
  Endpoint remote{d.remote, d.remote_port};
  const std::string local_text = format_address(d.family, local);
  const std::string remote_text = format_endpoint(d.family, remote);
  const double used_pct = percent_of(static_cast<double>(q.ports), static_cast<double>(range.size()));

  Finding f;
  f.kind = "ephemeral_port_exhaustion";
  f.id = fmt::format("ephemeral_port_exhaustion:{}->{}", local_text, remote_text);
  f.severity = used_pct >= config.critical_pct ? Severity::Critical : Severity::Warning;
  f.subject = fmt::format("{} -> {}", local_text, remote_text);
  f.summary = fmt::format("{} -> {} holds {} of {} ephemeral ports ({:.0f}%)", local_text, remote_text, q.ports,
                          range.size(), used_pct);
  f.evidence["local_address"] = local_text;
  f.evidence["remote_endpoint"] = remote_text;
  f.evidence["ports_in_use"] = q.ports;
  f.evidence["range_low"] = range.low;
  f.evidence["range_high"] = range.high;
  f.evidence["range_size"] = range.size();
  f.evidence["used_pct"] = evidence_number(used_pct);
  f.evidence["by_state"] = state_counts(q.by_state);
  f.advice = std::string(kAdvice);
  f.sockets = q.cookies.take();
  return f;
}

}  // namespace

void detect_ephemeral_port_exhaustion(const DetectorInput& input, std::vector<Finding>& out) {
  const EphemeralPortExhaustionConfig& config = input.config.ephemeral_port_exhaustion;
  const std::optional<PortRange>& range = input.snapshot.system.sysctls.ip_local_port_range;
  // Without the range there is neither a pool size nor a way to tell which ports came from it.
  if (!config.enabled || !range || range->size() == 0) return;
  const auto& sockets = input.snapshot.sockets;

  std::unordered_map<Destination, Group, DestinationHash> groups;
  for (const SocketRecord& socket : sockets) {
    if (draws_from_pool(socket, *range)) ++groups[destination_of(socket)].ports;
  }

  const double size = static_cast<double>(range->size());
  std::vector<Qualifying> qualifying;
  for (auto& [destination, group] : groups) {
    if (percent_of(static_cast<double>(group.ports), size) < config.warning_pct) continue;
    group.finding = static_cast<int>(qualifying.size());
    qualifying.push_back(Qualifying{&destination, group.ports, {}, {}});
  }
  if (qualifying.empty()) return;

  // Second pass only for the few destinations that qualify: states and cookies.
  for (const SocketRecord& socket : sockets) {
    if (!draws_from_pool(socket, *range)) continue;
    const Group& group = groups.find(destination_of(socket))->second;
    if (group.finding < 0) continue;
    Qualifying& q = qualifying[static_cast<size_t>(group.finding)];
    const auto state = static_cast<size_t>(user_visible(socket.state));
    if (state < q.by_state.size()) ++q.by_state[state];
    q.cookies.add(socket.cookie);
  }
  for (Qualifying& q : qualifying) out.push_back(make_finding(q, *range, config));
}

}  // namespace sockscope

// syn_flood: half-finished handshakes. Many SYN_RECV request sockets, or
// SYN cookies going out, which the kernel sends only when a listener's SYN
// queue is full (unless tcp_syncookies=2 sends them for every SYN).
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "detect/detect_support.h"
#include "detect/detector_fns.h"
#include "detect/history_rates.h"
#include "detect/host_support.h"

namespace sockscope {

namespace {

constexpr double kCookieWindowS = 10;
constexpr size_t kTopPorts = 5;

constexpr std::string_view kAdvice =
    "Connections are arriving whose handshakes do not complete: either a SYN flood (spoofed sources never send "
    "the final ACK) or clients whose ACKs are lost on the way back. When a listener's SYN queue (its listen "
    "backlog) is full the kernel answers with SYN cookies if net.ipv4.tcp_syncookies is 1 (\"Possible SYN flooding "
    "on port\" in the kernel log, TcpExt.SyncookiesSent); keep it on (with it off, a full queue drops SYNs). "
    "For legitimate bursts raise the listen() backlog of the top ports, which net.core.somaxconn caps "
    "(net.ipv4.tcp_max_syn_backlog only matters with cookies off); filter spoofed floods upstream.";

struct SynScan {
  int64_t syn_recv = 0;
  std::unordered_map<uint16_t, int64_t> by_port;   // local (listening) port of each SYN_RECV
  std::unordered_map<uint16_t, uint32_t> backlog;  // largest listen backlog on each port
  CookieSample cookies;
};

SynScan scan(const Snapshot& snapshot) {
  SynScan s;
  for (const SocketRecord& socket : snapshot.sockets) {
    if (tcp_in(socket, TcpState::SynRecv)) {
      ++s.syn_recv;
      ++s.by_port[socket.local.port];
      s.cookies.add(socket.cookie);
    } else if (tcp_in(socket, TcpState::Listen)) {
      uint32_t& backlog = s.backlog[socket.local.port];
      backlog = std::max(backlog, socket.send_q);  // a listener's Send-Q is its backlog
    }
  }
  return s;
}

nlohmann::ordered_json top_ports(const SynScan& s) {
  std::vector<std::pair<uint16_t, int64_t>> ports(s.by_port.begin(), s.by_port.end());
  auto more = [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; };
  const size_t keep = std::min(ports.size(), kTopPorts);
  std::partial_sort(ports.begin(), ports.begin() + static_cast<std::ptrdiff_t>(keep), ports.end(), more);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (size_t i = 0; i < keep; ++i) {
    nlohmann::ordered_json item;
    item["port"] = ports[i].first;
    item["count"] = ports[i].second;
    auto listener = s.backlog.find(ports[i].first);
    item["listen_backlog"] = listener != s.backlog.end() ? nlohmann::ordered_json(listener->second) : nullptr;
    list.push_back(std::move(item));
  }
  return list;
}

// SYN cookies sent over the last kCookieWindowS; empty without history or
// when the counter is unknown.
std::optional<CounterWindow> cookie_window(const DetectorInput& input) {
  if (input.history == nullptr) return std::nullopt;
  auto index = history_counter_index("TcpExt.SyncookiesSent");
  if (!index) return std::nullopt;
  return counter_window(*input.history, *index, kCookieWindowS);
}

}  // namespace

void detect_syn_flood(const DetectorInput& input, std::vector<Finding>& out) {
  const SynFloodConfig& config = input.config.syn_flood;
  if (!config.enabled) return;
  const Sysctls& sysctls = input.snapshot.system.sysctls;
  SynScan s = scan(input.snapshot);
  const std::optional<CounterWindow> cookies = cookie_window(input);
  const bool cookies_always = sysctls.tcp_syncookies == 2;

  const bool critical = config.critical_count > 0 && s.syn_recv >= config.critical_count;
  const bool many = config.warning_count > 0 && s.syn_recv >= config.warning_count;
  const bool cookies_rising = cookies && cookies->total > 0 && !cookies_always;
  if (!critical && !many && !cookies_rising) return;

  Finding f;
  f.kind = "syn_flood";
  f.id = "syn_flood:host";
  f.severity = critical ? Severity::Critical : Severity::Warning;
  f.subject = "host";
  nlohmann::ordered_json ports = top_ports(s);
  f.summary = fmt::format("{} SYN_RECV sockets", s.syn_recv);
  if (!ports.empty()) {
    f.summary += fmt::format(", most on port {} ({})", ports[0]["port"].get<int>(), ports[0]["count"].get<int64_t>());
  }
  if (cookies_rising) {
    f.summary += fmt::format("; {} SYN cookies sent in the last {:.0f}s", cookies->total, cookies->seconds);
  }
  f.evidence["syn_recv"] = s.syn_recv;
  f.evidence["top_ports"] = std::move(ports);
  f.evidence["tcp_max_syn_backlog"] = or_null(sysctls.tcp_max_syn_backlog);
  f.evidence["tcp_syncookies"] = or_null(sysctls.tcp_syncookies);
  f.evidence["syncookies_sent_10s"] = cookies ? nlohmann::ordered_json(cookies->total) : nullptr;
  f.evidence["syncookies_per_s"] = cookies ? nlohmann::ordered_json(evidence_number(cookies->rate())) : nullptr;
  f.advice = std::string(kAdvice);
  f.sockets = s.cookies.take();
  out.push_back(std::move(f));
}

}  // namespace sockscope

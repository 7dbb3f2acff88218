// Checks a collector dump against the sockets a scenario built. A fresh
// namespace holds only the test's sockets, so a dump must match the expected
// list exactly: nothing missing, nothing extra.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/socket_record.h"
#include "netlink/collector.h"
#include "socket_ops.h"

namespace sockscope::testing {

// One socket a scenario expects to see. State is the user-visible one
// (SYN_RECV for request sockets); queues are checked only when given.
struct Expect {
  Proto proto = Proto::Tcp;
  Family family = Family::Inet;
  TcpState state = TcpState::Unknown;
  uint16_t local_port = 0;
  uint16_t remote_port = 0;
  std::optional<uint32_t> recv_q;
  std::optional<uint32_t> send_q;
};

inline Family family_of(Ip ip) { return ip == Ip::V4 ? Family::Inet : Family::Inet6; }

inline Expect tcp(Ip ip, TcpState state, uint16_t local, uint16_t remote) {
  return Expect{Proto::Tcp, family_of(ip), state, local, remote, std::nullopt, std::nullopt};
}
inline Expect udp(Ip ip, TcpState state, uint16_t local, uint16_t remote) {
  return Expect{Proto::Udp, family_of(ip), state, local, remote, std::nullopt, std::nullopt};
}
inline Expect with_queues(Expect e, uint32_t recv_q, uint32_t send_q) {
  e.recv_q = recv_q;
  e.send_q = send_q;
  return e;
}

inline std::string describe(const SocketRecord& r) {
  std::ostringstream out;
  out << proto_name(r.proto) << ' ' << family_name(r.family) << ' ' << tcp_state_name(r.state) << ' '
      << format_endpoint(r.family, r.local) << " -> " << format_endpoint(r.family, r.remote) << " recv_q=" << r.recv_q
      << " send_q=" << r.send_q << " inode=" << r.inode << " cookie=" << r.cookie << " uid=" << r.uid;
  return out.str();
}

inline std::string describe(const Expect& e) {
  std::ostringstream out;
  out << proto_name(e.proto) << ' ' << family_name(e.family) << ' ' << tcp_state_name(e.state) << " :"
      << e.local_port << " -> :" << e.remote_port;
  if (e.recv_q) out << " recv_q=" << *e.recv_q;
  if (e.send_q) out << " send_q=" << *e.send_q;
  return out.str();
}

// The whole dump for a failure message; a large one is cut short, since the
// missing and unexpected lines already name what is wrong.
inline std::string describe(const std::vector<SocketRecord>& seen) {
  constexpr size_t kShown = 60;
  std::string text = "the collector saw " + std::to_string(seen.size()) + " socket(s):";
  for (size_t i = 0; i < seen.size() && i < kShown; ++i) text += "\n  " + describe(seen[i]);
  if (seen.size() > kShown) text += "\n  ...";
  return text;
}

inline bool same_socket(const SocketRecord& r, const Expect& e) {
  return r.proto == e.proto && r.family == e.family && user_visible(r.state) == e.state &&
         r.local.port == e.local_port && r.remote.port == e.remote_port;
}

inline bool satisfies(const SocketRecord& r, const Expect& e) {
  return same_socket(r, e) && (!e.recv_q || r.recv_q == *e.recv_q) && (!e.send_q || r.send_q == *e.send_q);
}

// True when every expected socket is seen once and nothing else is.
inline ::testing::AssertionResult matches_exactly(const std::vector<SocketRecord>& seen,
                                                  const std::vector<Expect>& expected) {
  std::vector<bool> used(seen.size(), false);
  std::string missing;
  for (const auto& e : expected) {
    bool found = false;
    for (size_t i = 0; i < seen.size() && !found; ++i) {
      if (!used[i] && satisfies(seen[i], e)) used[i] = found = true;
    }
    if (!found) missing += "\n  missing: " + describe(e);
  }
  std::string extra;
  for (size_t i = 0; i < seen.size(); ++i) {
    if (!used[i]) extra += "\n  unexpected: " + describe(seen[i]);
  }
  if (missing.empty() && extra.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << missing << extra << "\n" << describe(seen);
}

// The one record matching `e` (by proto, family, state and ports), or a throw.
inline const SocketRecord& find(const std::vector<SocketRecord>& seen, const Expect& e) {
  auto it = std::find_if(seen.begin(), seen.end(), [&](const SocketRecord& r) { return same_socket(r, e); });
  if (it == seen.end()) throw std::runtime_error("no socket " + describe(e) + "; " + describe(seen));
  return *it;
}

// Owns one collector and dumps through it.
class Dumper {
 public:
  Dumper() : collector_(open_collector()) {}

  std::vector<SocketRecord> dump(const CollectOptions& options = {}) {
    Result<void> done = collector_.collect(options, result_);
    if (!done) throw std::runtime_error("collect: " + done.error().describe());
    return result_.sockets;
  }
  const DumpStats& stats() const { return result_.stats; }

  // Dumps until the result matches `expected` exactly or the wait limit
  // passes, and returns the last dump; states settle within a round trip.
  std::vector<SocketRecord> dump_until(const std::vector<Expect>& expected, const CollectOptions& options = {}) {
    std::vector<SocketRecord> seen;
    wait_until([&] {
      seen = dump(options);
      return static_cast<bool>(matches_exactly(seen, expected));
    });
    return seen;
  }

 private:
  static SocketCollector open_collector() {
    Result<SocketCollector> opened = SocketCollector::open();
    if (!opened) throw std::runtime_error("SocketCollector::open: " + opened.error().describe());
    return std::move(opened).value();
  }

  SocketCollector collector_;
  CollectResult result_;
};

}  // namespace sockscope::testing

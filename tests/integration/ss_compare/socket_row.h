// One socket as a listing shows it, in a form both `ss` and `sockscope
// sockets --json` reduce to, so the two can be compared field by field.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace sockscope::testing {

struct SocketRow {
  std::string proto;  // "tcp", "udp"
  std::string state;  // kernel name: "ESTABLISHED", "SYN_RECV", ...; UDP: "CLOSE" or "ESTABLISHED"
  std::string local;  // "127.0.0.1:80", "::1:80" (no brackets), port 0 for "*"
  std::string peer;
  uint64_t recv_q = 0;
  uint64_t send_q = 0;
  std::set<std::pair<int, int>> owners;  // (pid, fd)

  // Local and peer name one socket: no two sockets in a test share both.
  std::string key() const { return proto + " " + local + " " + peer; }
  std::string describe() const {
    return key() + " " + state + " recv_q=" + std::to_string(recv_q) + " send_q=" + std::to_string(send_q);
  }
};

// "proto STATE" -> how many sockets.
using StateCounts = std::map<std::string, int>;

inline StateCounts count_states(const std::vector<SocketRow>& rows) {
  StateCounts counts;
  for (const auto& r : rows) ++counts[r.proto + " " + r.state];
  return counts;
}

inline std::string describe(const StateCounts& counts) {
  std::string text;
  for (const auto& [state, n] : counts) text += "\n  " + state + ": " + std::to_string(n);
  return text;
}

inline std::string describe(const std::vector<SocketRow>& rows) {
  std::string text;
  for (const auto& r : rows) text += "\n  " + r.describe();
  return text;
}

inline std::map<std::string, SocketRow> by_key(const std::vector<SocketRow>& rows) {
  std::map<std::string, SocketRow> map;
  for (const auto& r : rows) map.emplace(r.key(), r);
  return map;
}

}  // namespace sockscope::testing

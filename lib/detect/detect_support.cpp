#include "detect/detect_support.h"

#include <fmt/format.h>

namespace sockscope {

std::span<const ProcessRef> owners_of(const Snapshot& snapshot, const SocketRecord& socket) {
  if (socket.inode == 0) return {};
  return snapshot.processes.find(socket.inode);
}

std::string process_subject(std::span<const ProcessRef> owners) {
  if (owners.empty()) return "unknown process";
  std::string text = fmt::format("pid {} ({})", owners.front().pid, owners.front().comm);
  // One process may hold the socket through several fds; count other pids only.
  size_t others = 0;
  for (size_t i = 1; i < owners.size(); ++i) {
    bool seen = false;
    for (size_t j = 0; j < i; ++j) seen = seen || owners[j].pid == owners[i].pid;
    if (!seen && owners[i].pid != owners.front().pid) ++others;
  }
  if (others > 0) text += fmt::format(" and {} more", others);
  return text;
}

std::optional<double> state_age_s(const DetectorInput& input, const SocketRecord& socket) {
  if (input.tracker == nullptr) return std::nullopt;
  const TrackedSocket* tracked = input.tracker->find(socket.cookie);
  if (tracked == nullptr) return std::nullopt;
  return std::max(0.0, std::chrono::duration<double>(input.now - tracked->state_since).count());
}

std::optional<double> unchanged_s(const DetectorInput& input, const SocketRecord& socket) {
  if (input.tracker == nullptr) return std::nullopt;
  const TrackedSocket* tracked = input.tracker->find(socket.cookie);
  if (tracked == nullptr) return std::nullopt;
  return std::max(0.0, std::chrono::duration<double>(input.now - tracked->last_change).count());
}

double percent_of(double part, double whole) { return whole > 0 ? 100.0 * part / whole : 0.0; }

void finish_socket_list(std::vector<uint64_t>& cookies) {
  std::sort(cookies.begin(), cookies.end());
  cookies.erase(std::unique(cookies.begin(), cookies.end()), cookies.end());
  if (cookies.size() > kMaxNamedSockets) cookies.resize(kMaxNamedSockets);
}

}  // namespace sockscope

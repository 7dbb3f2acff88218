#include "detect/detect_support.h"

#include <fmt/format.h>

#include <cmath>

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

std::string age_text(double seconds) {
  seconds = std::max(0.0, seconds);
  if (seconds < 10) return fmt::format("{:g}s", std::floor(seconds * 10) / 10);
  if (seconds < 120) return fmt::format("{:.0f}s", std::floor(seconds));
  if (seconds < 2 * 3600) return fmt::format("{:.0f}m", std::floor(seconds / 60));
  if (seconds < 2 * 86400) return fmt::format("{:.0f}h", std::floor(seconds / 3600));
  return fmt::format("{:.0f}d", std::floor(seconds / 86400));
}

double percent_of(double part, double whole) { return whole > 0 ? 100.0 * part / whole : 0.0; }

void finish_socket_list(std::vector<uint64_t>& cookies) {
  std::sort(cookies.begin(), cookies.end());
  cookies.erase(std::unique(cookies.begin(), cookies.end()), cookies.end());
  if (cookies.size() > kMaxNamedSockets) cookies.resize(kMaxNamedSockets);
}

}  // namespace sockscope

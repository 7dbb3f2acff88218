#include "detect/conn_support.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <tuple>
#include <utility>
#include <vector>

#include "detect/detect_support.h"

namespace sockscope::conn {

Owner first_owner(const Snapshot& snapshot, const SocketRecord& socket) {
  const auto owners = owners_of(snapshot, socket);
  if (owners.empty()) return {};
  return Owner{owners.front().pid, owners.front().comm};
}

std::string owner_key(const Owner& owner) {
  return owner.known() ? fmt::format("pid={}", owner.pid) : std::string("pid=unknown");
}

std::string owner_subject(const Owner& owner) {
  return owner.known() ? fmt::format("pid {} ({})", owner.pid, owner.comm) : std::string("unknown process");
}

void put_owner(nlohmann::ordered_json& evidence, const Owner& owner) {
  if (owner.known()) {
    evidence["pid"] = owner.pid;
    evidence["comm"] = std::string(owner.comm);
  } else {
    evidence["pid"] = nullptr;
    evidence["comm"] = nullptr;
  }
}

nlohmann::ordered_json seconds_or_null(const std::optional<double>& seconds) {
  if (!seconds) return nullptr;
  return std::round(*seconds * 10) / 10;
}

namespace {
std::optional<uint32_t> tcp_info_u32(const SocketRecord& socket, size_t offset, uint32_t value) {
  if (socket.tcp_info_len < offset + sizeof(uint32_t)) return std::nullopt;
  return value;
}
}  // namespace

std::optional<uint32_t> last_data_recv_ms(const SocketRecord& socket) {
  return tcp_info_u32(socket, offsetof(TcpInfo, last_data_recv), socket.tcp_info.last_data_recv);
}

std::optional<uint32_t> last_ack_recv_ms(const SocketRecord& socket) {
  return tcp_info_u32(socket, offsetof(TcpInfo, last_ack_recv), socket.tcp_info.last_ack_recv);
}

std::optional<uint32_t> total_rto_time_ms(const SocketRecord& socket) {
  return tcp_info_u32(socket, offsetof(TcpInfo, total_rto_time), socket.tcp_info.total_rto_time);
}

}  // namespace sockscope::conn

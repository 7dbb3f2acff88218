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

bool TopCounts::Key::operator<(const Key& other) const {
  return std::tie(is_port, family, addr, port) < std::tie(other.is_port, other.family, other.addr, other.port);
}

size_t TopCounts::KeyHash::operator()(const Key& key) const {
  uint64_t words[2];
  std::memcpy(words, key.addr.data(), sizeof words);
  uint64_t h = words[0] * 0x9e3779b97f4a7c15ULL;
  h ^= words[1] + 0x632be59bd9b4e019ULL + (h << 6) + (h >> 2);
  h ^= (uint64_t{key.port} << 2 | uint64_t{key.is_port} << 1 | static_cast<uint64_t>(key.family)) *
       0xff51afd7ed558ccdULL;
  return static_cast<size_t>(h ^ (h >> 29));
}

void TopCounts::add_address(Family family, const Endpoint& endpoint) {
  ++counts_[Key{endpoint.addr, 0, family, false}];
}

void TopCounts::add_port(uint16_t port) { ++counts_[Key{{}, port, Family::Inet, true}]; }

nlohmann::ordered_json TopCounts::top(size_t n, std::string_view label) const {
  using Entry = std::pair<const Key*, int64_t>;
  std::vector<Entry> entries;
  entries.reserve(counts_.size());
  for (const auto& [key, count] : counts_) entries.emplace_back(&key, count);
  const size_t keep = std::min(entries.size(), n);
  std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(keep), entries.end(),
                    [](const Entry& a, const Entry& b) {
                      if (a.second != b.second) return a.second > b.second;
                      return *a.first < *b.first;
                    });

  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (size_t i = 0; i < keep; ++i) {
    const Key& key = *entries[i].first;
    nlohmann::ordered_json item;
    if (key.is_port) {
      item[std::string(label)] = key.port;
    } else {
      item[std::string(label)] = format_address(key.family, Endpoint{key.addr, 0});
    }
    item["count"] = entries[i].second;
    list.push_back(std::move(item));
  }
  return list;
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

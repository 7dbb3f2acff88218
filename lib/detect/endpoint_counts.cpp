#include "detect/endpoint_counts.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace sockscope {

bool EndpointCounts::Key::operator<(const Key& other) const {
  return std::tie(kind, family, addr, port) < std::tie(other.kind, other.family, other.addr, other.port);
}

size_t EndpointCounts::KeyHash::operator()(const Key& key) const {
  uint64_t words[2];
  std::memcpy(words, key.addr.data(), sizeof words);
  uint64_t h = words[0] * 0x9e3779b97f4a7c15ULL;
  h ^= words[1] + 0x632be59bd9b4e019ULL + (h << 6) + (h >> 2);
  h ^= (uint64_t{key.port} << 4 | uint64_t{static_cast<uint8_t>(key.kind)} << 2 | static_cast<uint64_t>(key.family)) *
       0xff51afd7ed558ccdULL;
  return static_cast<size_t>(h ^ (h >> 29));
}

void EndpointCounts::add(Family family, const Endpoint& endpoint) {
  ++counts_[Key{KeyKind::Endpoint, family, endpoint.addr, endpoint.port}];
}

void EndpointCounts::add_address(Family family, const Endpoint& endpoint) {
  ++counts_[Key{KeyKind::Address, family, endpoint.addr, 0}];
}

void EndpointCounts::add_port(uint16_t port) { ++counts_[Key{KeyKind::Port, Family::Inet, {}, port}]; }

nlohmann::ordered_json EndpointCounts::top(size_t n, std::string_view label) const {
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
    const Endpoint endpoint{key.addr, key.port};
    nlohmann::ordered_json item;
    switch (key.kind) {
      case KeyKind::Endpoint: item[std::string(label)] = format_endpoint(key.family, endpoint); break;
      case KeyKind::Address: item[std::string(label)] = format_address(key.family, endpoint); break;
      case KeyKind::Port: item[std::string(label)] = key.port; break;
    }
    item["count"] = entries[i].second;
    list.push_back(std::move(item));
  }
  return list;
}

}  // namespace sockscope

#include "model/system_view.h"

namespace sockscope {

std::optional<int64_t> Sockstat::get(const std::string& proto, const std::string& key) const {
  auto line = lines.find(proto);
  if (line == lines.end()) return std::nullopt;
  auto value = line->second.find(key);
  if (value == line->second.end()) return std::nullopt;
  return value->second;
}

std::optional<int64_t> Counters::get(const std::string& key) const {
  auto it = values.find(key);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

}  // namespace sockscope

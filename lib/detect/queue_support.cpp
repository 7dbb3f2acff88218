#include "detect/queue_support.h"

#include <fmt/format.h>

#include "detect/detect_support.h"

namespace sockscope::queue {

namespace {
// A poll that runs a little early must not push "N polls unchanged" to N+1.
constexpr double kPollJitter = 0.05;  // of one interval
}  // namespace

std::optional<double> still_for_polls(const DetectorInput& input, const SocketRecord& socket, int64_t min_polls) {
  const std::optional<double> still = unchanged_s(input, socket);
  if (!still) return std::nullopt;
  const double needed = static_cast<double>(std::max<int64_t>(min_polls, 0)) * input.interval_s;
  if (*still + kPollJitter * input.interval_s < needed) return std::nullopt;
  return still;
}

int32_t owner_pid(std::span<const ProcessRef> owners) { return owners.empty() ? -1 : owners.front().pid; }

std::string pid_key(int32_t pid) { return pid < 0 ? std::string("pid=unknown") : fmt::format("pid={}", pid); }

void put_owner(nlohmann::ordered_json& evidence, std::span<const ProcessRef> owners) {
  if (owners.empty()) {
    evidence["pid"] = nullptr;
    evidence["comm"] = nullptr;
    return;
  }
  evidence["pid"] = owners.front().pid;
  evidence["comm"] = owners.front().comm;
}


}  // namespace sockscope::queue

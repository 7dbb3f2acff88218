#include "filter/process_selector.h"

namespace sockscope {

namespace {
constexpr size_t kCommMax = 15;  // TASK_COMM_LEN - 1
constexpr int64_t kPidMax = 4194304;  // PID_MAX_LIMIT on 64-bit kernels
}  // namespace

Result<ProcessSelector> parse_process_selector(std::string_view text) {
  if (text.empty()) return make_error("bad process '' (expected a command name or a pid)");
  ProcessSelector selector;
  if (text.find_first_not_of("0123456789") == std::string_view::npos) {
    int64_t pid = 0;
    for (char c : text) {
      pid = pid * 10 + (c - '0');
      if (pid > kPidMax) break;
    }
    if (pid < 1 || pid > kPidMax) {
      return make_error("bad pid '" + std::string(text) + "' (expected 1-" + std::to_string(kPidMax) + ")");
    }
    selector.pid = static_cast<int32_t>(pid);
    return selector;
  }
  selector.comm = std::string(text.substr(0, kCommMax));
  return selector;
}

bool owner_matches(const ProcessSelector& selector, const ProcessRef& owner) {
  if (selector.pid) return owner.pid == *selector.pid;
  return owner.comm == selector.comm;
}

}  // namespace sockscope

// --process NAME|PID: which owning process a socket must have.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/process.h"
#include "util/result.h"

namespace sockscope {

struct ProcessSelector {
  std::optional<int32_t> pid;  // set for an all-digit selector
  std::string comm;            // otherwise the command name, matched exactly

  bool operator==(const ProcessSelector&) const = default;
};

// "1234" selects pid 1234; anything else is a command name. A name longer than
// the kernel keeps (15 bytes) is cut to that length, since comm always is.
Result<ProcessSelector> parse_process_selector(std::string_view text);

bool owner_matches(const ProcessSelector& selector, const ProcessRef& owner);

}  // namespace sockscope

// `sockscope watch`'s settings once the command line is checked, shared by
// the screen and the plain loop.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "filter/socket_filter.h"
#include "watch/watch_state.h"

namespace sockscope::cli {

struct WatchOptions {
  double interval_s = 1;          // direct mode's poll interval
  std::optional<uint64_t> count;  // refreshes before leaving; unset: until stopped
  bool color = true;
  std::string filter_line;        // as typed after --filter
  FilterArgs filter;              // and as parsed
  WatchSort sort = WatchSort::Age;
};

}  // namespace sockscope::cli

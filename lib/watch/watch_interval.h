// The refresh interval `sockscope watch --interval` takes in direct mode.
// Its bounds are those of the daemon's daemon.interval_s: shorter, a poll
// would follow the last one back to back, and below a nanosecond the timer
// would not repeat at all.
#pragma once

#include <optional>
#include <string_view>

#include "config/config.h"

namespace sockscope {

inline constexpr double kMinWatchIntervalS = kMinPollIntervalS;
inline constexpr double kMaxWatchIntervalS = kMaxPollIntervalS;

// Seconds as typed ("2", "0.5", "1e-1"): the value when it is a finite
// number from kMinWatchIntervalS to kMaxWatchIntervalS, else nullopt.
std::optional<double> parse_watch_interval(std::string_view text);

}  // namespace sockscope

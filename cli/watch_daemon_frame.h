// The daemon's answers after one poll, put together as a WatchFrame: the poll
// event's status, the findings and sockets answers, and the trends, which are
// kept here across polls so each poll asks only for the history entries that
// are new since the last.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/tcp_state.h"
#include "util/result.h"
#include "watch/watch_frame.h"

namespace sockscope::cli {

// How many polls the trends cover.
inline constexpr size_t kTrendPolls = 120;

// The poll interval the status object's "daemon" part names; 1 s when absent.
double daemon_interval(const nlohmann::json& status);

class DaemonTrend {
 public:
  using Series = std::array<std::vector<uint64_t>, kTcpStateCount>;

  // The `seconds` to ask `history` for at `now_s` (unix seconds): the whole
  // window at first, then from a little before the newest entry held.
  double seconds_wanted(double now_s, double interval_s) const;
  // Appends the entries newer than the newest held (by "t"), keeping the
  // last kTrendPolls. An Error names what is wrong with the answer.
  Result<void> merge(const nlohmann::json& history);
  const Series& series() const { return series_; }
  // A new connection: the daemon may have restarted with another history.
  void clear();

 private:
  Series series_;
  std::optional<double> newest_t_;
};

// `sockets` answers a request for rows from position `offset` (its own
// "offset", when it has one, says where an anchored window starts). An Error
// names the answer and the member that is wrong.
Result<WatchFrame> daemon_frame(const StatusSummary& status, double interval_s, const nlohmann::json& findings,
                                const nlohmann::json& sockets, uint64_t offset, const DaemonTrend::Series& trend);

}  // namespace sockscope::cli

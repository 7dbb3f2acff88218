// history: the per-poll aggregates the ring holds, oldest first.
#include "answers.h"
#include "model/tcp_state.h"

namespace sockscope::daemon {

namespace {

nlohmann::ordered_json nullable(int64_t value) {
  return value < 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
}

nlohmann::ordered_json entry_json(const PollAggregate& entry) {
  nlohmann::ordered_json out;
  out["t"] = std::chrono::duration<double>(entry.taken_at.time_since_epoch()).count();  // unix seconds
  out["poll_ms"] = static_cast<double>(entry.poll_duration.count()) / 1e6;
  nlohmann::ordered_json tcp = nlohmann::ordered_json::object();
  for (int i = 1; i < kTcpStateCount; ++i) {
    auto state = static_cast<TcpState>(i);
    if (state == TcpState::NewSynRecv) continue;  // folded into SYN_RECV
    tcp[std::string(tcp_state_name(state))] = entry.tcp_states[static_cast<size_t>(i)];
  }
  out["tcp"] = std::move(tcp);
  out["udp"] = {{"unconnected", entry.udp_unconnected}, {"connected", entry.udp_connected}};
  out["sockstat"] = {{"tcp_inuse", nullable(entry.sockstat_tcp_inuse)},
                     {"tcp6_inuse", nullable(entry.sockstat_tcp6_inuse)},
                     {"tcp_orphan", nullable(entry.sockstat_tcp_orphan)},
                     {"tcp_tw", nullable(entry.sockstat_tcp_tw)},
                     {"tcp_mem_pages", nullable(entry.sockstat_tcp_mem)}};
  nlohmann::ordered_json counters = nlohmann::ordered_json::object();
  for (size_t i = 0; i < kHistoryCounters.size(); ++i)
    counters[kHistoryCounters[i]] = nullable(entry.counter_deltas[i]);
  out["counters"] = std::move(counters);
  return out;
}

}  // namespace

nlohmann::ordered_json history_result(const History& history, std::optional<double> seconds,
                                      std::chrono::system_clock::time_point now, double interval_s) {
  auto cutoff = std::chrono::system_clock::time_point::min();
  if (seconds) {
    cutoff =
        now - std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::duration<double>(*seconds));
  }
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (size_t i = 0; i < history.size(); ++i) {
    const PollAggregate& entry = history.at(i);
    if (entry.taken_at >= cutoff) entries.push_back(entry_json(entry));
  }
  nlohmann::ordered_json out;
  out["interval_s"] = interval_s;
  out["capacity"] = history.capacity();
  out["entries"] = std::move(entries);
  return out;
}

}  // namespace sockscope::daemon

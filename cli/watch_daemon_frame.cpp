#include "watch_daemon_frame.h"

#include <algorithm>
#include <string>

#include "render/findings_json.h"
#include "render/json_decode.h"

namespace sockscope::cli {

using nlohmann::json;

double daemon_interval(const json& status) {
  if (!status.is_object()) return 1;
  auto daemon = status.find("daemon");
  if (daemon == status.end() || !daemon->is_object()) return 1;
  auto interval = daemon->find("interval_s");
  if (interval == daemon->end() || !interval->is_number() || !(interval->get<double>() > 0)) return 1;
  return interval->get<double>();
}

double DaemonTrend::seconds_wanted(double now_s, double interval_s) const {
  const double window = static_cast<double>(kTrendPolls) * interval_s;
  if (!newest_t_) return window;
  // Two intervals of slack for the two clocks' readings; older entries are skipped by "t".
  return std::clamp(now_s - *newest_t_ + 2 * interval_s, interval_s, window);
}

Result<void> DaemonTrend::merge(const json& history) {
  auto entries = history.is_object() ? history.find("entries") : history.end();
  if (!history.is_object() || entries == history.end() || !entries->is_array()) return make_error("history: no entries");
  for (const json& entry : *entries) {
    auto t = entry.is_object() ? entry.find("t") : entry.end();
    auto tcp = entry.is_object() ? entry.find("tcp") : entry.end();
    if (t == entry.end() || !t->is_number()) return make_error("history: an entry without t");
    if (tcp == entry.end() || !tcp->is_object()) return make_error("history: an entry without tcp");
    if (newest_t_ && t->get<double>() <= *newest_t_) continue;
    newest_t_ = t->get<double>();
    for (int i = 1; i < kTcpStateCount; ++i) {
      auto state = static_cast<TcpState>(i);
      if (state == TcpState::NewSynRecv) continue;  // the daemon folds it into SYN_RECV
      auto count = tcp->find(std::string(tcp_state_name(state)));
      auto& series = series_[static_cast<size_t>(i)];
      series.push_back(count != tcp->end() && count->is_number_unsigned() ? count->get<uint64_t>() : 0);
      if (series.size() > kTrendPolls) series.erase(series.begin());
    }
  }
  return {};
}

void DaemonTrend::clear() {
  for (auto& series : series_) series.clear();
  newest_t_.reset();
}

Result<WatchFrame> daemon_frame(const StatusSummary& status, double interval_s, const json& findings,
                                const json& sockets, uint64_t offset, const DaemonTrend::Series& trend) {
  WatchFrame frame;
  frame.from_daemon = true;
  frame.interval_s = interval_s;
  frame.status = status;

  auto decoded_findings = findings_from_json(findings);
  if (!decoded_findings) return make_error("findings: " + decoded_findings.error().message);
  frame.findings = std::move(*decoded_findings);

  auto decoded_sockets = decode_sockets_json(sockets);
  if (!decoded_sockets) return make_error("sockets: " + decoded_sockets.error().message);
  frame.sockets = std::move(*decoded_sockets);
  frame.sockets_matched = frame.sockets.sockets.size();
  if (auto total = sockets.find("total"); total != sockets.end() && total->is_number_unsigned()) {
    frame.sockets_matched = total->get<uint64_t>();
  }
  // An anchored window starts where the daemon found the anchor; past the
  // end of a listing that shrank, the daemon sends no rows.
  if (auto used = sockets.find("offset"); used != sockets.end() && used->is_number_unsigned()) {
    offset = used->get<uint64_t>();
  }
  frame.sockets_offset = std::min(offset, frame.sockets_matched);
  frame.trend = trend;
  return frame;
}

}  // namespace sockscope::cli

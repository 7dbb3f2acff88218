#include "history_chart.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "model/tcp_state.h"
#include "render/socket_table.h"
#include "render/sparkline.h"
#include "render/state_label.h"

namespace sockscope::cli {

namespace {

using nlohmann::json;

constexpr TcpState kStates[] = {TcpState::Established, TcpState::SynSent,  TcpState::SynRecv,   TcpState::FinWait1,
                                TcpState::FinWait2,    TcpState::TimeWait, TcpState::CloseWait, TcpState::LastAck,
                                TcpState::Closing,     TcpState::Listen,   TcpState::Close};

// A count the daemon could not read is null; it draws as zero.
uint64_t count_of(const json& entry, TcpState state) {
  auto tcp = entry.find("tcp");
  if (tcp == entry.end() || !tcp->is_object()) return 0;
  auto it = tcp->find(std::string(tcp_state_name(state)));
  return it != tcp->end() && it->is_number_unsigned() ? it->get<uint64_t>() : 0;
}

// Unix seconds: "t" as docs/protocol.md has it, or "taken_at_ms" as the status object names its time.
double time_of(const json& entry) {
  if (auto t = entry.find("t"); t != entry.end() && t->is_number()) return t->get<double>();
  if (auto ms = entry.find("taken_at_ms"); ms != entry.end() && ms->is_number()) return ms->get<double>() / 1000.0;
  return 0.0;
}

}  // namespace

Result<void> render_history_chart(fmt::memory_buffer& out, const json& history) {
  auto it = std::back_inserter(out);
  if (!history.is_object() || !history.contains("entries") || !history["entries"].is_array()) {
    return make_error("history answer without 'entries'");
  }
  const json& entries = history["entries"];
  if (entries.empty()) {
    fmt::format_to(it, "No history yet: the daemon has not finished a poll in this period.\n");
    return {};
  }
  for (const json& entry : entries) {
    if (!entry.is_object()) return make_error("history entry is not an object");
  }
  double interval = history.value("interval_s", 0.0);
  double span = time_of(entries.back()) - time_of(entries.front()) + interval;
  fmt::format_to(it, "TCP sockets per state over the last {} ({} polls, one every {:g} s; oldest left)\n",
                 format_age(span), entries.size(), interval);

  bool any = false;
  std::vector<uint64_t> series(entries.size());
  for (TcpState state : kStates) {
    std::transform(entries.begin(), entries.end(), series.begin(), [&](const json& e) { return count_of(e, state); });
    auto [lo, hi] = std::minmax_element(series.begin(), series.end());
    if (*hi == 0) continue;  // a state nobody was in is noise
    any = true;
    std::string line = sparkline(bucket_max(series, kChartWidth));
    fmt::format_to(it, "  {:<10} {}  min {} max {} now {}\n", table_state_label(state), line, *lo, *hi, series.back());
  }
  if (!any) fmt::format_to(it, "  no TCP sockets in this period\n");
  return {};
}

}  // namespace sockscope::cli

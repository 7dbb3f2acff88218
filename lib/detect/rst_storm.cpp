// rst_storm: reset counters rising far faster over the last 10 s than over
// the last minute. Only the history can tell, so this detector does nothing
// in direct mode, nor before the history reaches beyond the short window.
#include <fmt/format.h>

#include <array>

#include "detect/detect_support.h"
#include "detect/detector_fns.h"
#include "detect/history_rates.h"
#include "detect/host_support.h"

namespace sockscope {

namespace {

constexpr double kShortWindowS = 10;
constexpr double kLongWindowS = 60;

// Tcp.OutRsts: RST segments this host sent. Tcp.EstabResets: ESTABLISHED or
// CLOSE_WAIT connections that went straight to CLOSE (reset either way).
// TCPAbortOnClose: closed with unread data. TCPAbortOnData: closed with
// SO_LINGER 0, or data arrived after close.
constexpr std::array<std::string_view, 4> kResetCounters = {"Tcp.OutRsts", "Tcp.EstabResets",
                                                            "TcpExt.TCPAbortOnData", "TcpExt.TCPAbortOnClose"};

constexpr std::string_view kAdvice =
    "TCP resets jumped above their rate of the last minute. Rising Tcp.OutRsts usually means peers connecting to a "
    "port nothing listens on here (a crashed or restarting service, a health check or a port scan) or this host "
    "aborting connections; Tcp.EstabResets means established connections torn down; TCPAbortOnClose means this "
    "host's applications close sockets with unread data and TCPAbortOnData that they close with SO_LINGER 0 or get "
    "data after closing. Check which service restarted or which peer is resetting "
    "(tcpdump 'tcp[tcpflags] & tcp-rst != 0').";

struct CounterRates {
  std::string_view counter;
  CounterWindow recent;
  CounterWindow minute;
};

// Empty unless the counter qualifies: both windows known, the long one
// reaching further back than the short one, and the short rate both at
// least min_rate and at least ratio times the long rate.
std::optional<CounterRates> qualifying(const History& history, std::string_view counter,
                                       const RstStormConfig& config) {
  auto index = history_counter_index(counter);
  if (!index) return std::nullopt;
  auto recent = counter_window(history, *index, kShortWindowS);
  auto minute = counter_window(history, *index, kLongWindowS);
  if (!recent || !minute || minute->seconds <= recent->seconds) return std::nullopt;
  if (recent->total <= 0 || recent->rate() < config.min_rate) return std::nullopt;
  if (recent->rate() < config.ratio * minute->rate()) return std::nullopt;
  return CounterRates{counter, *recent, *minute};
}

}  // namespace

void detect_rst_storm(const DetectorInput& input, std::vector<Finding>& out) {
  const RstStormConfig& config = input.config.rst_storm;
  if (!config.enabled || input.history == nullptr) return;

  std::vector<CounterRates> hits;
  for (std::string_view counter : kResetCounters) {
    if (auto rates = qualifying(*input.history, counter, config)) hits.push_back(*rates);
  }
  if (hits.empty()) return;

  const CounterRates* fastest = &hits.front();
  for (const CounterRates& hit : hits) {
    if (hit.recent.rate() > fastest->recent.rate()) fastest = &hit;
  }

  Finding f;
  f.kind = "rst_storm";
  f.id = "rst_storm:host";
  f.severity = Severity::Warning;
  f.subject = "host";
  f.summary = fmt::format("TCP reset surge: {} at {:.1f}/s over {:.0f}s against {:.1f}/s over {:.0f}s",
                          fastest->counter, fastest->recent.rate(), fastest->recent.seconds, fastest->minute.rate(),
                          fastest->minute.seconds);
  std::string others;
  for (const CounterRates& hit : hits) {
    if (&hit == fastest) continue;
    others += others.empty() ? " (also " : ", ";
    others += hit.counter;
  }
  if (!others.empty()) f.summary += others + ")";
  nlohmann::ordered_json counters = nlohmann::ordered_json::array();
  for (const CounterRates& hit : hits) {
    nlohmann::ordered_json item;
    item["counter"] = std::string(hit.counter);
    item["rate_10s_per_s"] = evidence_number(hit.recent.rate());
    item["rate_1m_per_s"] = evidence_number(hit.minute.rate());
    item["count_10s"] = hit.recent.total;
    item["count_1m"] = hit.minute.total;
    item["window_10s_s"] = evidence_number(hit.recent.seconds);
    item["window_1m_s"] = evidence_number(hit.minute.seconds);
    counters.push_back(std::move(item));
  }
  f.evidence["counters"] = std::move(counters);
  f.evidence["ratio"] = config.ratio;
  f.evidence["min_rate_per_s"] = config.min_rate;
  f.advice = std::string(kAdvice);
  out.push_back(std::move(f));
}

}  // namespace sockscope

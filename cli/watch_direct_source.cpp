// The direct side of `watch`: a Poller in this process, polled when a
// timerfd fires every --interval. Since the Poller keeps its tracker,
// history and findings across polls, ages, trends and hysteresis grow from
// the moment watch started, as they do in a daemon.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>

#include <fmt/format.h>

#include "explain/explanation.h"
#include "explain/explanation_text.h"
#include "monitor/listing.h"
#include "monitor/poller.h"
#include "util/monotonic_timer.h"
#include "watch_source.h"

namespace sockscope::cli {

namespace {

// How many polls of history feed the trends, as the daemon source asks for.
constexpr size_t kTrendPolls = 120;
// The history a direct watch keeps: ten minutes for the detectors' rate
// windows, in at most this many entries so a tiny --interval stays small.
constexpr double kDirectHistorySeconds = 600;
constexpr double kMaxHistoryEntries = 3600;

std::optional<double> age_in_state(const Tracker& tracker, uint64_t cookie, MonoClock::time_point now) {
  const TrackedSocket* tracked = tracker.find(cookie);
  if (tracked == nullptr) return std::nullopt;
  return std::max(std::chrono::duration<double>(now - tracked->state_since).count(), 0.0);
}

class DirectWatchSource final : public WatchSource {
 public:
  DirectWatchSource(Poller poller, MonotonicTimer timer, double interval_s)
      : poller_(std::move(poller)), timer_(std::move(timer)), interval_s_(interval_s) {}

  int fd() const override { return timer_.fd(); }

  Result<std::optional<WatchFrame>> next_frame(const WatchQuery& query) override {
    if (timer_.read_expirations() == 0) return std::optional<WatchFrame>();
    if (auto polled = poller_.poll_once(); !polled) return make_error("poll failed: " + polled.error().describe());
    auto frame = build_frame(query);
    if (!frame) return frame.error();
    return std::optional<WatchFrame>(std::move(*frame));
  }

  Result<WatchFrame> refetch(const WatchQuery& query) override { return build_frame(query); }

  Result<std::string> explain(uint64_t cookie) override {
    const auto& snapshot = poller_.latest();
    if (!snapshot) return make_error("no poll yet");
    auto found = std::find_if(snapshot->sockets.begin(), snapshot->sockets.end(),
                              [cookie](const SocketRecord& s) { return s.cookie == cookie; });
    if (found == snapshot->sockets.end()) return make_error(fmt::format("socket {} is gone", cookie));
    const SocketRecord& socket = *found;
    const auto& findings = poller_.findings().active();
    Explanation explanation = explain_socket(ExplainContext{
        .socket = socket,
        .owners = socket.inode ? snapshot->processes.find(socket.inode) : std::span<const ProcessRef>(),
        .sysctls = snapshot->system.sysctls,
        .state_age_s = age_in_state(poller_.tracker(), cookie, MonoClock::now()),
        .findings = findings,
        .thresholds = poller_.detectors_config(),
    });
    return explanation_text(explanation);
  }

 private:
  Result<WatchFrame> build_frame(const WatchQuery& query) const {
    const auto& snapshot = poller_.latest();
    if (!snapshot) return make_error("no poll yet");
    auto filter = parse_filter(query.filter);
    if (!filter) return filter.error();
    auto order = parse_listing_order(watch_sort_name(query.sort));
    if (!order) return order.error();

    WatchFrame frame;
    frame.from_daemon = false;
    frame.interval_s = interval_s_;
    frame.status = poller_.latest_summary();
    frame.findings = poller_.findings().active();

    auto listing = select_listing(*snapshot, *filter, *order, poller_.tracker());
    frame.sockets_matched = listing.size();
    // The window asked for, as the daemon cuts it.
    frame.sockets_offset = cut_listing(listing, ListingWindow{query.offset, query.rows, query.anchor, query.anchor_row});
    const auto now = MonoClock::now();
    std::vector<ProcessIndex::Holding> holdings;
    frame.sockets.sockets.reserve(listing.size());
    frame.sockets.ages.reserve(listing.size());
    for (const SocketRecord* socket : listing) {
      frame.sockets.sockets.push_back(*socket);
      frame.sockets.ages.push_back(age_in_state(poller_.tracker(), socket->cookie, now));
      if (socket->inode == 0) continue;
      for (const ProcessRef& ref : snapshot->processes.find(socket->inode)) holdings.push_back({socket->inode, ref});
    }
    frame.sockets.processes = ProcessIndex(std::move(holdings));

    const History& history = poller_.history();
    const size_t first = history.size() > kTrendPolls ? history.size() - kTrendPolls : 0;
    for (size_t i = first; i < history.size(); ++i) {
      const PollAggregate& entry = history.at(i);
      for (int s = 1; s < kTcpStateCount; ++s) {
        if (static_cast<TcpState>(s) == TcpState::NewSynRecv) continue;  // folded into SYN_RECV
        frame.trend[static_cast<size_t>(s)].push_back(entry.tcp_states[static_cast<size_t>(s)]);
      }
    }
    return frame;
  }

  Poller poller_;
  MonotonicTimer timer_;
  double interval_s_;
};

}  // namespace

Result<std::unique_ptr<WatchSource>> direct_watch_source(const GlobalOptions& global, double interval_s) {
  DaemonConfig config = daemon_config(global);
  // Hysteresis, rates and the history's length are counted in polls of this interval.
  config.interval_s = interval_s;
  const double entries = std::clamp(std::ceil(kDirectHistorySeconds / interval_s), static_cast<double>(kTrendPolls),
                                    kMaxHistoryEntries);
  config.history_seconds = entries * interval_s;
  auto poller = Poller::open(config);
  if (!poller) return poller.error();
  auto timer = MonotonicTimer::create();
  if (!timer) return timer.error();
  const auto period = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(interval_s));
  // The first poll at once, then one every interval.
  if (auto armed = timer->arm(std::chrono::nanoseconds(1), period); !armed) return armed.error();
  return std::unique_ptr<WatchSource>(
      std::make_unique<DirectWatchSource>(std::move(*poller), std::move(*timer), interval_s));
}

}  // namespace sockscope::cli

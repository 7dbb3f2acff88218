#include "watch/watch_plain.h"

#include <fmt/format.h>

#include <ctime>
#include <iterator>

#include "watch/socket_columns.h"
#include "watch/text_cells.h"
#include "watch/watch_figures.h"

namespace sockscope {

namespace {

using watch_text::kGridStates;

// The plain table is the screen's at this width, so a file of refreshes
// reads like the screen.
constexpr size_t kPlainColumns = 100;

std::string local_time(std::chrono::system_clock::time_point now) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32] = {};
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
  return text;
}

std::string without_trailing_spaces(std::string line) {
  line.erase(line.find_last_not_of(' ') + 1);
  return line;
}

std::string tcp_counts(const WatchFrame& frame, const WatchFrame* previous) {
  std::optional<StateCounts> before;
  if (previous) before = previous->status.tcp;
  std::string line;
  for (TcpState state : kGridStates) {
    const uint64_t count = frame.status.tcp[state];
    const int64_t change = watch_text::count_change(frame.status.tcp, before, state);
    // A state that just fell to zero is listed, or its fall would go unseen.
    if (count == 0 && change == 0) continue;
    line += line.empty() ? "" : ", ";
    line += fmt::format("{} {}", tcp_state_name(state), count);
    if (change != 0) line += " (" + watch_text::change_text(change) + ")";
  }
  return line.empty() ? std::string("none") : line;
}

}  // namespace

std::string plain_refresh(const WatchFrame& frame, const WatchFrame* previous, const WatchHost& host,
                          std::chrono::system_clock::time_point now) {
  using watch_text::printable;
  fmt::memory_buffer out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "== {}  {}  {}  {}  poll {}\n", local_time(now), printable(host.host), printable(host.kernel),
                 watch_text::mode_text(frame), watch_text::duration_ms(frame.status.poll_duration));
  fmt::format_to(it, "tcp: {}\n", tcp_counts(frame, previous));
  std::string memory;
  for (const Span& span : watch_text::memory_spans(frame.status)) memory += span.text;
  fmt::format_to(it, "{}\n", memory);
  fmt::format_to(it, "findings: {}\n", watch_text::findings_count(frame.findings));
  for (const Finding& finding : frame.findings) {
    fmt::format_to(it, "  {}\n", printable(watch_text::finding_line(finding, " ")));
  }
  fmt::format_to(it, "sockets: {} match\n", frame.sockets_matched);
  const auto& sockets = frame.sockets.sockets;
  if (!sockets.empty()) {
    const auto columns = watch_text::table_columns(kPlainColumns);
    fmt::format_to(it, "{}\n", without_trailing_spaces(watch_text::table_header(columns)));
    for (size_t i = 0; i < sockets.size() && i < kPlainRows; ++i) {
      std::optional<double> age = i < frame.sockets.ages.size() ? frame.sockets.ages[i] : std::nullopt;
      fmt::format_to(it, "{}\n",
                     without_trailing_spaces(watch_text::table_row(columns, sockets[i], age, frame.sockets.processes)));
    }
  }
  out.push_back('\n');
  return fmt::to_string(out);
}

}  // namespace sockscope

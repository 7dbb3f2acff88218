// Hand-built watch frames and helpers to read a laid-out screen.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "watch/watch_frame.h"
#include "watch/watch_screen.h"
#include "watch/watch_state.h"
#include "../synthetic.h"

namespace sockscope::test {

using namespace std::chrono_literals;

// 2026-11-27 21:03:04 UTC.
inline const std::chrono::system_clock::time_point kTakenAt = std::chrono::system_clock::from_time_t(1795813384);

inline const WatchHost kHost{"web1", "6.1.0-18-amd64"};

inline void set_count(WatchFrame& frame, TcpState state, uint64_t count) {
  StateCounts& tcp = frame.status.tcp;
  tcp.total = tcp.total - tcp.by_state[static_cast<size_t>(state)] + count;
  tcp.by_state[static_cast<size_t>(state)] = count;
}

// ESTABLISHED 12, TIME_WAIT 3, CLOSE_WAIT 1, LISTEN 4; 940K of TCP memory
// against a pressure threshold of 1.5G and a maximum of 2.2G; no sockets.
inline WatchFrame base_frame() {
  WatchFrame frame;
  frame.from_daemon = true;
  frame.interval_s = 1;
  StatusSummary& status = frame.status;
  status.taken_at = kTakenAt;
  status.poll_duration = 3100us;
  set_count(frame, TcpState::Established, 12);
  set_count(frame, TcpState::TimeWait, 3);
  set_count(frame, TcpState::CloseWait, 1);
  set_count(frame, TcpState::Listen, 4);
  status.tcp_mem.limits = Triple{196608, 393216, 576717};  // pages: 768M, 1.5G, 2.2G
  status.tcp_mem.in_use_pages = 235;                         // 940K
  status.tcp_mem.page_size = 4096;
  status.tcp_mem.zone = MemoryZone::Normal;
  status.sockstat.lines["TCP"] = {{"inuse", 17}, {"orphan", 0}, {"tw", 3}};
  status.sysctls.tcp_max_orphans = 131072;
  status.sysctls.tcp_max_tw_buckets = 131072;
  return frame;
}

// Appends an IPv4 socket 10.0.0.1:PORT <-> 10.0.0.2:5000 with this cookie,
// held by `owners` (none when empty), `age_s` seconds in its state.
inline SocketRecord& add_row(WatchFrame& frame, TcpState state, uint64_t cookie, std::optional<double> age_s = 10.0,
                             uint16_t local_port = 80) {
  SocketRecord s = record(Proto::Tcp, state, "10.0.0.1", local_port, "10.0.0.2", 5000, cookie + 1000);
  s.cookie = cookie;
  frame.sockets.sockets.push_back(s);
  frame.sockets.ages.push_back(age_s);
  frame.sockets_matched =
      std::max<uint64_t>(frame.sockets_matched, frame.sockets_offset + frame.sockets.sockets.size());
  return frame.sockets.sockets.back();
}

// `count` ESTABLISHED rows with cookies 1..count.
inline WatchFrame frame_with_rows(size_t count) {
  WatchFrame frame = base_frame();
  for (size_t i = 1; i <= count; ++i) add_row(frame, TcpState::Established, i, static_cast<double>(i));
  return frame;
}

inline Finding finding(Severity severity, std::string kind, std::string subject, std::string summary,
                       std::vector<uint64_t> sockets = {}) {
  Finding f;
  f.kind = std::move(kind);
  f.id = f.kind + ":" + subject;
  f.severity = severity;
  f.subject = std::move(subject);
  f.summary = std::move(summary);
  f.advice = "Look at the application that owns these sockets.";
  f.sockets = std::move(sockets);
  return f;
}

inline WatchState state_with(WatchFrame frame) {
  WatchState state;
  apply_frame(state, std::move(frame));
  return state;
}

inline std::vector<std::string> screen_text(const Screen& screen) {
  std::vector<std::string> lines;
  for (const ScreenLine& line : screen.lines) lines.push_back(line_text(line));
  return lines;
}

// The index of the first line containing `needle`, or -1.
inline int find_line(const Screen& screen, const std::string& needle) {
  for (size_t i = 0; i < screen.lines.size(); ++i) {
    if (line_text(screen.lines[i]).find(needle) != std::string::npos) return static_cast<int>(i);
  }
  return -1;
}

// The style of the span containing `needle` on `line`.
inline std::optional<Style> style_of(const ScreenLine& line, const std::string& needle) {
  for (const Span& span : line.spans) {
    if (span.text.find(needle) != std::string::npos) return span.style;
  }
  return std::nullopt;
}

inline size_t code_points(const std::string& text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace sockscope::test

// The pieces of text the screen and the plain output both print: the
// refresh mode, the TCP state changes, the memory line and the findings.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detect/finding.h"
#include "render/status_summary.h"
#include "watch/watch_frame.h"
#include "watch/watch_screen.h"

namespace sockscope::watch_text {

// The states of the grid and of the plain `tcp:` line, in kernel order.
inline constexpr std::array<TcpState, 11> kGridStates = {
    TcpState::Established, TcpState::SynSent,   TcpState::SynRecv, TcpState::FinWait1,
    TcpState::FinWait2,    TcpState::TimeWait,  TcpState::Close,   TcpState::CloseWait,
    TcpState::LastAck,     TcpState::Listen,    TcpState::Closing};

// "daemon", or "direct every 2s".
std::string mode_text(const WatchFrame& frame);

// "3.1 ms".
std::string duration_ms(std::chrono::nanoseconds duration);

// Sizes as in `free -h`: "512B", "9.5K", "940K", "1.5G".
std::string compact_bytes(int64_t bytes);

// The change of one state's count since `previous`; 0 without it.
int64_t count_change(const StateCounts& now, const std::optional<StateCounts>& previous, TcpState state);
// "+3", "-12"; "" for 0.
std::string change_text(int64_t change);

// "mem 940K normal (pressure 1.5G, max 2.2G)  orphans 0/131072  tw 3/131072",
// the zone in the style of its severity.
std::vector<Span> memory_spans(const StatusSummary& status);

// "none", or "3 (1 critical, 2 warning)".
std::string findings_count(const std::vector<Finding>& findings);

std::string_view severity_tag(Severity severity);  // "CRIT", "WARN", "INFO"
Style severity_style(Severity severity);

// "CRIT<sep>KIND<sep>SUBJECT: SUMMARY", or "CRIT<sep>KIND<sep>SUMMARY" when
// the summary opens with the subject.
std::string finding_line(const Finding& finding, std::string_view separator);

}  // namespace sockscope::watch_text

// The kernel's TCP states (include/net/tcp_states.h) and their names.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sockscope {

enum class TcpState : uint8_t {
  Unknown = 0,
  Established = 1,
  SynSent = 2,
  SynRecv = 3,
  FinWait1 = 4,
  FinWait2 = 5,
  TimeWait = 6,
  Close = 7,
  CloseWait = 8,
  LastAck = 9,
  Listen = 10,
  Closing = 11,
  NewSynRecv = 12,  // request sockets; reported to users as SYN_RECV
};

inline constexpr int kTcpStateCount = 13;

// A set of states as the kernel's idiag_states bit mask (bit n = state n).
using StateMask = uint32_t;
inline constexpr StateMask state_bit(TcpState s) { return StateMask{1} << static_cast<int>(s); }
inline constexpr StateMask kAllStates = 0xfffu << 1 | state_bit(TcpState::NewSynRecv);

// The kernel's name: "ESTABLISHED", "SYN_RECV", ... NewSynRecv maps to "SYN_RECV".
std::string_view tcp_state_name(TcpState s);

// Parses a kernel name ("CLOSE_WAIT") or a CLI spelling ("close-wait", "close_wait").
std::optional<TcpState> parse_tcp_state(std::string_view text);

// Folds the kernel's request-socket state into SYN_RECV, as ss does.
inline TcpState user_visible(TcpState s) {
  return s == TcpState::NewSynRecv ? TcpState::SynRecv : s;
}

}  // namespace sockscope

// State names and groups as a user types them, turned into the kernel's state mask.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "model/tcp_state.h"
#include "util/result.h"

namespace sockscope {

// Groups, as ss names them. SYN_RECV always brings the kernel's request-socket
// state (NewSynRecv) along, since users cannot tell the two apart.
inline constexpr StateMask kSynRecvStates = state_bit(TcpState::SynRecv) | state_bit(TcpState::NewSynRecv);
inline constexpr StateMask kConnectedStates =
    kAllStates & ~(state_bit(TcpState::Listen) | state_bit(TcpState::Close));
inline constexpr StateMask kSynchronizedStates =
    kConnectedStates & ~state_bit(TcpState::SynSent);  // ss: SYN_RECV is synchronized
inline constexpr StateMask kBucketStates = kSynRecvStates | state_bit(TcpState::TimeWait);
inline constexpr StateMask kBigStates = kAllStates & ~kBucketStates;

// One state or group: "close-wait", "CLOSE_WAIT", "fin-wait1", "fin-wait-1",
// "estab", "unconn", "connected", "all", ... Case does not matter.
Result<StateMask> parse_state_selector(std::string_view text);

// Several selectors ORed; an empty list selects every state.
Result<StateMask> parse_state_selectors(std::span<const std::string> texts);

// The names an error message offers: "established, syn-sent, ..., all".
std::string_view state_selector_names();

}  // namespace sockscope

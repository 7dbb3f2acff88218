// One socket as one poll saw it. Plain data: the collector fills it, everything
// downstream reads it. Kept compact and allocation-free (100,000 of these per poll).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "model/endpoint.h"
#include "model/tcp_info.h"
#include "model/tcp_state.h"

namespace sockscope {

enum class TimerKind : uint8_t {
  None = 0,
  Retransmit = 1,       // also RACK / tail loss probe
  Keepalive = 2,
  TimeWait = 3,
  ZeroWindowProbe = 4,  // persist timer
};
std::string_view timer_kind_name(TimerKind k);  // "none", "retransmit", "keepalive", "time_wait", "zero_window_probe"

struct TimerInfo {
  TimerKind kind = TimerKind::None;
  uint32_t expires_ms = 0;  // time to expiry
  uint32_t count = 0;       // retransmits or probes sent (idiag_retrans)
};

// INET_DIAG_SKMEMINFO (SK_MEMINFO_*), in bytes except drops.
struct MemInfo {
  uint32_t rmem_alloc = 0;
  uint32_t rcvbuf = 0;
  uint32_t wmem_alloc = 0;
  uint32_t sndbuf = 0;
  uint32_t fwd_alloc = 0;
  uint32_t wmem_queued = 0;
  uint32_t optmem = 0;
  uint32_t backlog = 0;
  uint32_t drops = 0;
};

struct SocketRecord {
  Proto proto = Proto::Tcp;
  Family family = Family::Inet;
  TcpState state = TcpState::Unknown;  // UDP: Close = unconnected, Established = connected
  Endpoint local;
  Endpoint remote;
  uint32_t recv_q = 0;  // LISTEN: accept queue
  uint32_t send_q = 0;  // LISTEN: accept queue limit (backlog)
  uint64_t inode = 0;
  uint64_t cookie = 0;
  uint32_t uid = 0;
  uint32_t ifindex = 0;  // bound interface, 0 when none
  TimerInfo timer;

  // INET_DIAG_SHUTDOWN: bit 0 = receive shut down, bit 1 = send shut down.
  std::optional<uint8_t> shutdown;
  std::array<char, 16> congestion{};  // NUL-terminated; empty when not given

  // tcp_info as given; tcp_info_len is how many bytes the kernel sent (0 = none).
  TcpInfo tcp_info{};
  uint16_t tcp_info_len = 0;

  std::optional<MemInfo> mem;

  bool has_tcp_info() const { return tcp_info_len > 0; }
  std::string_view congestion_name() const { return std::string_view(congestion.data()); }
};

}  // namespace sockscope

// How long the kernel keeps trying before it gives a connection up, computed
// the way net/ipv4/tcp_timer.c does, so explanations can quote real figures.
#pragma once

#include <cstdint>
#include <optional>

#include "model/system_view.h"

namespace sockscope {

// The kernel's compiled-in constants (include/net/tcp.h).
inline constexpr double kTcpRtoMinS = 0.2;        // TCP_RTO_MIN
inline constexpr double kTcpRtoMaxS = 120;        // TCP_RTO_MAX
inline constexpr double kTcpTimeoutInitS = 1;     // TCP_TIMEOUT_INIT: first SYN / SYN-ACK timeout
inline constexpr double kTimeWaitS = 60;          // TCP_TIMEWAIT_LEN

// Kernel defaults for the sysctls a poll may not have read.
inline constexpr int64_t kDefaultRetries2 = 15;
inline constexpr int64_t kDefaultOrphanRetries = 8;  // tcp_orphan_retries = 0 means 8
inline constexpr int64_t kDefaultSynRetries = 6;
inline constexpr int64_t kDefaultSynLinearTimeouts = 4;  // Linux 6.5 and later
inline constexpr int64_t kDefaultSynackRetries = 5;
inline constexpr int64_t kDefaultFinTimeout = 60;
inline constexpr int64_t kDefaultKeepaliveTime = 7200;
inline constexpr int64_t kDefaultKeepaliveIntvl = 75;
inline constexpr int64_t kDefaultKeepaliveProbes = 9;

// tcp_model_timeout(): seconds from the first retransmission until the
// kernel gives up after `retries`, with timeouts doubling from `rto_base_s`
// and capped at TCP_RTO_MAX. 15 retries from 0.2 s: 924.6 s.
double retransmit_give_up_s(int64_t retries, double rto_base_s = kTcpRtoMinS);

// Seconds from the first SYN until connect() fails with ETIMEDOUT, for
// `retries` resends of which the first `linear` come 1 s apart
// (tcp_syn_linear_timeouts; 0 before Linux 6.5). 6 and 0: 127 s; 6 and 4: 131 s.
double syn_give_up_s(int64_t retries, int64_t linear);

// The host's keepalive schedule: idle time, interval and probe count, from
// the sysctls or the kernel defaults when a poll did not read them.
struct KeepaliveSchedule {
  int64_t idle_s = kDefaultKeepaliveTime;
  int64_t interval_s = kDefaultKeepaliveIntvl;
  int64_t probes = kDefaultKeepaliveProbes;
  // A dead peer is noticed this long after the last packet from it.
  int64_t dead_after_s() const { return idle_s + interval_s * probes; }
};
KeepaliveSchedule keepalive_schedule(const Sysctls& sysctls);

}  // namespace sockscope

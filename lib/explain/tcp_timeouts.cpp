#include "explain/tcp_timeouts.h"

#include <algorithm>
#include <cmath>

namespace sockscope {

double retransmit_give_up_s(int64_t retries, double rto_base_s) {
  retries = std::clamp<int64_t>(retries, 0, 255);
  // Past this many doublings the timeout sits at TCP_RTO_MAX (ilog2 in the kernel).
  auto linear_backoff_thresh = static_cast<int64_t>(std::floor(std::log2(kTcpRtoMaxS / rto_base_s)));
  if (retries <= linear_backoff_thresh) {
    return static_cast<double>((int64_t{2} << retries) - 1) * rto_base_s;
  }
  return static_cast<double>((int64_t{2} << linear_backoff_thresh) - 1) * rto_base_s +
         static_cast<double>(retries - linear_backoff_thresh) * kTcpRtoMaxS;
}

double syn_give_up_s(int64_t retries, int64_t linear) {
  retries = std::clamp<int64_t>(retries, 0, 255);
  linear = std::clamp<int64_t>(linear, 0, 255);
  // The SYN is resent retries + linear times (tcp_write_timeout); the first
  // `linear` waits stay at 1 s, then each wait doubles up to TCP_RTO_MAX.
  // The attempt ends one more timeout after the last resend.
  double total = 0;
  double rto = kTcpTimeoutInitS;
  for (int64_t sent = 0; sent <= retries + linear; ++sent) {
    total += rto;
    if (sent >= linear) rto = std::min(rto * 2, kTcpRtoMaxS);
  }
  return total;
}

KeepaliveSchedule keepalive_schedule(const Sysctls& sysctls) {
  KeepaliveSchedule schedule;
  schedule.idle_s = sysctls.tcp_keepalive_time.value_or(kDefaultKeepaliveTime);
  schedule.interval_s = sysctls.tcp_keepalive_intvl.value_or(kDefaultKeepaliveIntvl);
  schedule.probes = sysctls.tcp_keepalive_probes.value_or(kDefaultKeepaliveProbes);
  return schedule;
}

}  // namespace sockscope

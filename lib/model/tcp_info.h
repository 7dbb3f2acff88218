// TcpInfo mirrors the kernel's struct tcp_info byte for byte, including fields
// newer than the build host's headers, so a reply can be copied in directly.
// A kernel that sends fewer bytes leaves the rest zero; SocketRecord keeps how
// many bytes came, so consumers know which fields are real.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sockscope {

struct TcpInfo {
  uint8_t state;
  uint8_t ca_state;
  uint8_t retransmits;
  uint8_t probes;
  uint8_t backoff;
  uint8_t options;
  uint8_t wscale;       // snd_wscale in the low 4 bits, rcv_wscale in the high 4
  uint8_t app_limited;  // bit 0 delivery_rate_app_limited, bits 1-2 fastopen_client_fail

  uint32_t rto;  // microseconds
  uint32_t ato;
  uint32_t snd_mss;
  uint32_t rcv_mss;

  uint32_t unacked;  // on a listener: current accept queue
  uint32_t sacked;   // on a listener: accept queue limit
  uint32_t lost;
  uint32_t retrans;
  uint32_t fackets;

  uint32_t last_data_sent;  // milliseconds ago
  uint32_t last_ack_sent;
  uint32_t last_data_recv;
  uint32_t last_ack_recv;

  uint32_t pmtu;
  uint32_t rcv_ssthresh;
  uint32_t rtt;  // microseconds
  uint32_t rttvar;
  uint32_t snd_ssthresh;
  uint32_t snd_cwnd;
  uint32_t advmss;
  uint32_t reordering;

  uint32_t rcv_rtt;
  uint32_t rcv_space;

  uint32_t total_retrans;

  uint64_t pacing_rate;
  uint64_t max_pacing_rate;
  uint64_t bytes_acked;
  uint64_t bytes_received;
  uint32_t segs_out;
  uint32_t segs_in;

  uint32_t notsent_bytes;
  uint32_t min_rtt;
  uint32_t data_segs_in;
  uint32_t data_segs_out;

  uint64_t delivery_rate;

  uint64_t busy_time;  // microseconds
  uint64_t rwnd_limited;
  uint64_t sndbuf_limited;

  uint32_t delivered;
  uint32_t delivered_ce;

  uint64_t bytes_sent;
  uint64_t bytes_retrans;
  uint32_t dsack_dups;
  uint32_t reord_seen;

  uint32_t rcv_ooopack;

  uint32_t snd_wnd;
  uint32_t rcv_wnd;

  uint32_t rehash;

  uint16_t total_rto;
  uint16_t total_rto_recoveries;
  uint32_t total_rto_time;

  // Accurate ECN counters (6.18).
  uint32_t received_ce;
  uint32_t delivered_e1_bytes;
  uint32_t delivered_e0_bytes;
  uint32_t delivered_ce_bytes;
  uint32_t received_e1_bytes;
  uint32_t received_e0_bytes;
  uint32_t received_ce_bytes;
  // The last word's layout differs between kernels of the same length (two
  // u16 fields in 6.18, packed bitfields later), so it is kept undecoded.
  uint32_t accecn_raw;
};

static_assert(offsetof(TcpInfo, rto) == 8);
static_assert(offsetof(TcpInfo, pacing_rate) == 104);
static_assert(offsetof(TcpInfo, snd_wnd) == 228);
static_assert(offsetof(TcpInfo, received_ce) == 248);
static_assert(sizeof(TcpInfo) == 280);

}  // namespace sockscope

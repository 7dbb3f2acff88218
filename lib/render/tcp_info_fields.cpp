#include "render/tcp_info_fields.h"

#include <array>
#include <cstring>

namespace sockscope {

#define SOCKSCOPE_FIELD(member, name) \
  TcpInfoField { name, offsetof(TcpInfo, member), sizeof(TcpInfo::member) }
#define SOCKSCOPE_BITS(member, name, shift, bits) \
  TcpInfoField { name, offsetof(TcpInfo, member), sizeof(TcpInfo::member), shift, bits }

namespace {

// Names follow the kernel's tcpi_ names with a unit suffix where the kernel's
// unit is not obvious (rto is microseconds, last_data_sent milliseconds, ...).
constexpr std::array kFields = {
    SOCKSCOPE_FIELD(state, "state"),
    SOCKSCOPE_FIELD(ca_state, "ca_state"),
    SOCKSCOPE_FIELD(retransmits, "retransmits"),
    SOCKSCOPE_FIELD(probes, "probes"),
    SOCKSCOPE_FIELD(backoff, "backoff"),
    SOCKSCOPE_FIELD(options, "options"),
    SOCKSCOPE_BITS(wscale, "snd_wscale", 0, 4),
    SOCKSCOPE_BITS(wscale, "rcv_wscale", 4, 4),
    SOCKSCOPE_BITS(app_limited, "delivery_rate_app_limited", 0, 1),
    SOCKSCOPE_BITS(app_limited, "fastopen_client_fail", 1, 2),
    SOCKSCOPE_FIELD(rto, "rto_us"),
    SOCKSCOPE_FIELD(ato, "ato_us"),
    SOCKSCOPE_FIELD(snd_mss, "snd_mss"),
    SOCKSCOPE_FIELD(rcv_mss, "rcv_mss"),
    SOCKSCOPE_FIELD(unacked, "unacked"),
    SOCKSCOPE_FIELD(sacked, "sacked"),
    SOCKSCOPE_FIELD(lost, "lost"),
    SOCKSCOPE_FIELD(retrans, "retrans"),
    SOCKSCOPE_FIELD(fackets, "fackets"),
    SOCKSCOPE_FIELD(last_data_sent, "last_data_sent_ms"),
    SOCKSCOPE_FIELD(last_ack_sent, "last_ack_sent_ms"),
    SOCKSCOPE_FIELD(last_data_recv, "last_data_recv_ms"),
    SOCKSCOPE_FIELD(last_ack_recv, "last_ack_recv_ms"),
    SOCKSCOPE_FIELD(pmtu, "pmtu"),
    SOCKSCOPE_FIELD(rcv_ssthresh, "rcv_ssthresh"),
    SOCKSCOPE_FIELD(rtt, "rtt_us"),
    SOCKSCOPE_FIELD(rttvar, "rttvar_us"),
    SOCKSCOPE_FIELD(snd_ssthresh, "ssthresh"),
    SOCKSCOPE_FIELD(snd_cwnd, "cwnd"),
    SOCKSCOPE_FIELD(advmss, "advmss"),
    SOCKSCOPE_FIELD(reordering, "reordering"),
    SOCKSCOPE_FIELD(rcv_rtt, "rcv_rtt_us"),
    SOCKSCOPE_FIELD(rcv_space, "rcv_space"),
    SOCKSCOPE_FIELD(total_retrans, "total_retrans"),
    SOCKSCOPE_FIELD(pacing_rate, "pacing_rate"),
    SOCKSCOPE_FIELD(max_pacing_rate, "max_pacing_rate"),
    SOCKSCOPE_FIELD(bytes_acked, "bytes_acked"),
    SOCKSCOPE_FIELD(bytes_received, "bytes_received"),
    SOCKSCOPE_FIELD(segs_out, "segs_out"),
    SOCKSCOPE_FIELD(segs_in, "segs_in"),
    SOCKSCOPE_FIELD(notsent_bytes, "notsent_bytes"),
    SOCKSCOPE_FIELD(min_rtt, "min_rtt_us"),
    SOCKSCOPE_FIELD(data_segs_in, "data_segs_in"),
    SOCKSCOPE_FIELD(data_segs_out, "data_segs_out"),
    SOCKSCOPE_FIELD(delivery_rate, "delivery_rate"),
    SOCKSCOPE_FIELD(busy_time, "busy_time_us"),
    SOCKSCOPE_FIELD(rwnd_limited, "rwnd_limited_us"),
    SOCKSCOPE_FIELD(sndbuf_limited, "sndbuf_limited_us"),
    SOCKSCOPE_FIELD(delivered, "delivered"),
    SOCKSCOPE_FIELD(delivered_ce, "delivered_ce"),
    SOCKSCOPE_FIELD(bytes_sent, "bytes_sent"),
    SOCKSCOPE_FIELD(bytes_retrans, "bytes_retrans"),
    SOCKSCOPE_FIELD(dsack_dups, "dsack_dups"),
    SOCKSCOPE_FIELD(reord_seen, "reord_seen"),
    SOCKSCOPE_FIELD(rcv_ooopack, "rcv_ooopack"),
    SOCKSCOPE_FIELD(snd_wnd, "snd_wnd"),
    SOCKSCOPE_FIELD(rcv_wnd, "rcv_wnd"),
    SOCKSCOPE_FIELD(rehash, "rehash"),
    SOCKSCOPE_FIELD(total_rto, "total_rto"),
    SOCKSCOPE_FIELD(total_rto_recoveries, "total_rto_recoveries"),
    SOCKSCOPE_FIELD(total_rto_time, "total_rto_time_ms"),
    SOCKSCOPE_FIELD(received_ce, "received_ce"),
    SOCKSCOPE_FIELD(delivered_e1_bytes, "delivered_e1_bytes"),
    SOCKSCOPE_FIELD(delivered_e0_bytes, "delivered_e0_bytes"),
    SOCKSCOPE_FIELD(delivered_ce_bytes, "delivered_ce_bytes"),
    SOCKSCOPE_FIELD(received_e1_bytes, "received_e1_bytes"),
    SOCKSCOPE_FIELD(received_e0_bytes, "received_e0_bytes"),
    SOCKSCOPE_FIELD(received_ce_bytes, "received_ce_bytes"),
    SOCKSCOPE_FIELD(accecn_raw, "accecn_raw"),
};

}  // namespace

#undef SOCKSCOPE_FIELD
#undef SOCKSCOPE_BITS

uint64_t TcpInfoField::read(const TcpInfo& info) const {
  // Little- or big-endian alike: copy the field into an integer of its own size.
  const auto* base = reinterpret_cast<const unsigned char*>(&info) + offset;
  uint64_t value = 0;
  switch (size) {
    case 1: { uint8_t v; std::memcpy(&v, base, 1); value = v; break; }
    case 2: { uint16_t v; std::memcpy(&v, base, 2); value = v; break; }
    case 4: { uint32_t v; std::memcpy(&v, base, 4); value = v; break; }
    case 8: std::memcpy(&value, base, 8); break;
  }
  if (bits != 0) value = (value >> shift) & ((uint64_t{1} << bits) - 1);
  return value;
}

std::span<const TcpInfoField> tcp_info_fields() { return kFields; }

static_assert(sizeof(TcpInfo) == 280, "a new TcpInfo field needs a line in kFields");

}  // namespace sockscope

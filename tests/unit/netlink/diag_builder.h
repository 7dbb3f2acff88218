// Builds sock_diag reply bytes by hand, for tests that need exact, or exactly
// broken, messages.
#pragma once

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace sockscope::testing {

using Bytes = std::vector<uint8_t>;

inline constexpr uint32_t kSeq = 4242;
inline constexpr uint32_t kPortid = 31337;

template <typename T>
Bytes bytes_of(const T& value) {
  Bytes out(sizeof value);
  std::memcpy(out.data(), &value, sizeof value);
  return out;
}

inline Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// One attribute, padded to 4 bytes.
inline Bytes attr(uint16_t type, const Bytes& payload) {
  nlattr a{};
  a.nla_len = static_cast<uint16_t>(NLA_HDRLEN + payload.size());
  a.nla_type = type;
  Bytes out(NLA_ALIGN(a.nla_len), 0);
  std::memcpy(out.data(), &a, sizeof a);
  if (!payload.empty()) std::memcpy(out.data() + NLA_HDRLEN, payload.data(), payload.size());
  return out;
}

inline Bytes text(std::string_view s, bool nul = true) {
  Bytes out(s.begin(), s.end());
  if (nul) out.push_back(0);
  return out;
}

// One netlink message, padded to 4 bytes.
inline Bytes nlmsg(uint16_t type, const Bytes& payload, uint16_t flags = NLM_F_MULTI, uint32_t seq = kSeq,
                   uint32_t pid = kPortid) {
  nlmsghdr h{};
  h.nlmsg_len = static_cast<uint32_t>(NLMSG_HDRLEN + payload.size());
  h.nlmsg_type = type;
  h.nlmsg_flags = flags;
  h.nlmsg_seq = seq;
  h.nlmsg_pid = pid;
  Bytes out(NLMSG_ALIGN(h.nlmsg_len), 0);
  std::memcpy(out.data(), &h, sizeof h);
  if (!payload.empty()) std::memcpy(out.data() + NLMSG_HDRLEN, payload.data(), payload.size());
  return out;
}

// A plausible IPv4 TCP socket: 10.0.0.1:80 <- 10.0.0.2:50000, ESTABLISHED.
inline inet_diag_msg diag_msg(uint64_t cookie = 0x1122334455667788ull) {
  inet_diag_msg m{};
  m.idiag_family = AF_INET;
  m.idiag_state = 1;
  m.id.idiag_sport = htons(80);
  m.id.idiag_dport = htons(50000);
  m.id.idiag_src[0] = htonl(0x0a000001);
  m.id.idiag_dst[0] = htonl(0x0a000002);
  m.id.idiag_cookie[0] = static_cast<uint32_t>(cookie);
  m.id.idiag_cookie[1] = static_cast<uint32_t>(cookie >> 32);
  return m;
}

inline Bytes socket_msg(const inet_diag_msg& m, const Bytes& attrs = {}, uint16_t flags = NLM_F_MULTI,
                        uint32_t seq = kSeq, uint32_t pid = kPortid) {
  return nlmsg(SOCK_DIAG_BY_FAMILY, concat({bytes_of(m), attrs}), flags, seq, pid);
}

inline Bytes done_msg(int32_t code = 0, uint16_t flags = NLM_F_MULTI) {
  return nlmsg(NLMSG_DONE, bytes_of(code), flags);
}

inline Bytes error_msg(int32_t code) {
  nlmsgerr e{};
  e.error = code;
  return nlmsg(NLMSG_ERROR, bytes_of(e), 0);
}

}  // namespace sockscope::testing

#include "netlink/diag_request.h"

#include <gtest/gtest.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

namespace sockscope {
namespace {

struct Decoded {
  nlmsghdr hdr;
  inet_diag_req_v2 req;
};

Decoded decode(const DiagRequestBytes& b) {
  Decoded d{};
  std::memcpy(&d.hdr, b.bytes.data(), sizeof d.hdr);
  std::memcpy(&d.req, b.bytes.data() + NLMSG_HDRLEN, sizeof d.req);
  return d;
}

TEST(DiagRequest, TcpIpv4WithEverything) {
  DiagRequest r;
  r.seq = 99;
  const auto d = decode(build_diag_request(r));
  EXPECT_EQ(d.hdr.nlmsg_len, kDiagRequestSize);
  EXPECT_EQ(d.hdr.nlmsg_type, SOCK_DIAG_BY_FAMILY);
  EXPECT_EQ(d.hdr.nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
  EXPECT_EQ(d.hdr.nlmsg_seq, 99u);
  EXPECT_EQ(d.hdr.nlmsg_pid, 0u);
  EXPECT_EQ(d.req.sdiag_family, AF_INET);
  EXPECT_EQ(d.req.sdiag_protocol, IPPROTO_TCP);
  EXPECT_EQ(d.req.idiag_states, kAllStates);
  EXPECT_EQ(d.req.idiag_ext,
            (1 << (INET_DIAG_INFO - 1)) | (1 << (INET_DIAG_CONG - 1)) | (1 << (INET_DIAG_SKMEMINFO - 1)));
  EXPECT_EQ(d.req.id.idiag_cookie[0], 0u);  // a dump, not a lookup
}

TEST(DiagRequest, UdpIpv6WithoutExtensionsAndAStateMask) {
  DiagRequest r;
  r.proto = Proto::Udp;
  r.family = Family::Inet6;
  r.tcp_info = false;
  r.mem = false;
  r.states = state_bit(TcpState::Close) | state_bit(TcpState::Established);
  const auto d = decode(build_diag_request(r));
  EXPECT_EQ(d.req.sdiag_family, AF_INET6);
  EXPECT_EQ(d.req.sdiag_protocol, IPPROTO_UDP);
  EXPECT_EQ(d.req.idiag_ext, 0);
  EXPECT_EQ(d.req.idiag_states, (1u << 7) | (1u << 1));
}

TEST(DiagRequest, MemOnly) {
  DiagRequest r;
  r.tcp_info = false;
  const auto d = decode(build_diag_request(r));
  EXPECT_EQ(d.req.idiag_ext, 1 << (INET_DIAG_SKMEMINFO - 1));
}

}  // namespace
}  // namespace sockscope

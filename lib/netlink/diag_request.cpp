#include "netlink/diag_request.h"

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace sockscope {

static_assert(kDiagRequestSize == MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(inet_diag_req_v2)));

DiagRequestBytes build_diag_request(const DiagRequest& request) {
  DiagRequestBytes out;
  nlmsghdr* hdr = mnl_nlmsg_put_header(out.bytes.data());
  hdr->nlmsg_type = SOCK_DIAG_BY_FAMILY;
  hdr->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  hdr->nlmsg_seq = request.seq;

  auto* req = static_cast<inet_diag_req_v2*>(mnl_nlmsg_put_extra_header(hdr, sizeof(inet_diag_req_v2)));
  req->sdiag_family = request.family == Family::Inet ? AF_INET : AF_INET6;
  req->sdiag_protocol = request.proto == Proto::Tcp ? IPPROTO_TCP : IPPROTO_UDP;
  req->idiag_states = request.states;
  // idiag_ext bit n-1 asks for attribute n. UDP ignores the TCP-only ones.
  if (request.tcp_info) {
    req->idiag_ext |= 1u << (INET_DIAG_INFO - 1);
    req->idiag_ext |= 1u << (INET_DIAG_CONG - 1);
  }
  if (request.mem) req->idiag_ext |= 1u << (INET_DIAG_SKMEMINFO - 1);
  return out;
}

}  // namespace sockscope

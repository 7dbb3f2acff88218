// closing_lingering: simultaneous closes stuck half-way. CLOSING means both
// sides sent FIN at about the same time and ours is not acknowledged yet;
// normally that lasts one round trip.
#include "detect/detector_fns.h"
#include "detect/host_support.h"

namespace sockscope {

namespace {

constexpr std::string_view kAdvice =
    "CLOSING means both sides sent FIN at about the same time and the ACK of this side's FIN has not arrived; it "
    "normally lasts one round trip. Many or old CLOSING sockets point to lost ACKs or a peer that stopped "
    "answering in the middle of the close: the FIN is retransmitted until net.ipv4.tcp_retries2 (or "
    "net.ipv4.tcp_orphan_retries once no process holds the socket) gives up. Check the path to the top peers for "
    "packet loss or a firewall dropping packets of closing connections.";

}  // namespace

void detect_closing_lingering(const DetectorInput& input, std::vector<Finding>& out) {
  LingeringSpec spec{"closing_lingering", TcpState::Closing, input.config.closing_lingering, kAdvice};
  std::optional<Finding> f = lingering_finding(input, spec);
  if (!f) return;
  // CLOSING is bounded by FIN retransmissions, not by tcp_fin_timeout.
  f->evidence["tcp_retries2"] = or_null(input.snapshot.system.sysctls.tcp_retries2);
  out.push_back(std::move(*f));
}

}  // namespace sockscope

// fin_wait2_lingering: sockets that sent their FIN, had it acknowledged, and
// wait for the peer's. An orphaned one lives tcp_fin_timeout seconds as a
// minisocket; one still held by its process (after shutdown(SHUT_WR)) waits
// as long as the peer keeps its end open.
#include "detect/detector_fns.h"
#include "detect/host_support.h"

namespace sockscope {

namespace {

constexpr std::string_view kAdvice =
    "FIN_WAIT2 means this side closed and the peer acknowledged it, but the peer's application has not closed its "
    "end (it sits in CLOSE_WAIT there). Orphaned FIN_WAIT2 sockets go away after net.ipv4.tcp_fin_timeout seconds "
    "(default 60); sockets still held by a process that called shutdown(SHUT_WR) have no limit and wait for the "
    "peer as long as it takes. Look at the top peers: their application does not close connections; on this side, "
    "close() the socket after shutdown() once a read timeout passes.";

}  // namespace

void detect_fin_wait2_lingering(const DetectorInput& input, std::vector<Finding>& out) {
  LingeringSpec spec{"fin_wait2_lingering", TcpState::FinWait2, input.config.fin_wait2_lingering, kAdvice};
  std::optional<Finding> f = lingering_finding(input, spec);
  if (!f) return;
  f->evidence["tcp_fin_timeout"] = or_null(input.snapshot.system.sysctls.tcp_fin_timeout);
  out.push_back(std::move(*f));
}

}  // namespace sockscope

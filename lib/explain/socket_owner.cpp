// The owner and age parts: who holds the socket, and how long it has been
// in its state.
#include <fmt/format.h>

#include "explain/duration_text.h"
#include "explain/socket_parts.h"

namespace sockscope::explain_detail {

Paragraphs owner_part(const ExplainContext& c) {
  const SocketRecord& s = c.socket;
  if (!c.owners.empty()) {
    Paragraphs out{fmt::format("The socket belongs to uid {} and is held by:", s.uid)};
    for (const ProcessRef& owner : c.owners) {
      out.push_back(fmt::format("- {} (pid {}, fd {})", printable(owner.comm), owner.pid, owner.fd));
    }
    return out;
  }
  if (is_minisocket(s) && user_visible(s.state) == TcpState::SynRecv) {
    return {fmt::format("No process: a request socket belongs to the listener on port {}, and no process holds "
                        "it until the handshake completes and accept() takes the connection.",
                        s.local.port)};
  }
  if (is_minisocket(s)) {
    return {fmt::format("No process: the kernel keeps this minisocket on its own, outside any process's files, so "
                        "no owner can be named. The local port ({}) may tell which service it served.",
                        s.local.port)};
  }
  if (is_orphan(s)) {
    return {fmt::format("No process: the application (uid {}) closed it, so it is an orphan that the kernel "
                        "finishes closing on its own. Orphans count against tcp_max_orphans{}.",
                        s.uid,
                        c.sysctls.tcp_max_orphans ? fmt::format(" ({})", *c.sysctls.tcp_max_orphans)
                                                  : std::string())};
  }
  if (awaits_accept(s)) {
    return {fmt::format("No process yet: the connection waits in the accept queue of the listener on port {} until "
                        "the application calls accept().",
                        s.local.port)};
  }
  return {fmt::format("Not found: no process was seen holding socket inode {} (uid {}). Reading other users' "
                      "/proc/PID/fd needs root, and the holder may have exited since the poll.",
                      s.inode, s.uid)};
}

Paragraphs age_part(const ExplainContext& c) {
  if (c.state_age_s) {
    return {fmt::format("In {} for {} as the daemon saw it (it may be older: the count starts at the first poll "
                        "that saw it in this state).",
                        state_label(c.socket), duration_text(*c.state_age_s))};
  }
  return {"Unknown here: only the daemon (sockscoped) follows sockets from poll to poll and knows how long one "
          "has been in its state."};
}

}  // namespace sockscope::explain_detail

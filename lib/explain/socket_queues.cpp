// The queues, memory and shutdown parts: the socket's own numbers in words.
#include <fmt/format.h>

#include <cmath>

#include "explain/duration_text.h"
#include "explain/socket_parts.h"
#include "explain/state_knowledge.h"
#include "render/units.h"

namespace sockscope::explain_detail {

namespace {

// No detector judges a receive buffer's fill, so explain keeps its own mark.
constexpr double kReceiveNearlyFullPct = 90;

double percent(uint64_t part, uint64_t whole) {
  return whole == 0 ? 0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

Paragraphs listener_queues(const ExplainContext& c) {
  const SocketRecord& s = c.socket;
  Paragraphs out{fmt::format(
      "Accept queue: {} waiting for accept(); the limit (the listen() backlog, capped at net.core.somaxconn) is "
      "{}. On a listener Recv-Q and Send-Q are these two numbers.",
      count_text(s.recv_q, "connection"), s.send_q)};
  const double used = percent(s.recv_q, s.send_q);
  if (s.recv_q > s.send_q) {
    out.push_back(
        "The queue is full (it holds at most the limit plus one): new SYNs are being dropped and counted in "
        "TcpExt.ListenOverflows and ListenDrops, and clients wait and retry.");
  } else if (s.recv_q > 0 && used >= c.thresholds.listen_overflow.queue_pct) {
    out.push_back(fmt::format("The queue is {:.0f}% full: once it passes the limit, new connections are dropped.",
                              std::floor(used)));
  } else if (s.recv_q == 0) {
    out.push_back("Nothing waits: the application keeps up with new connections.");
  }
  if (c.sysctls.somaxconn) {
    if (static_cast<int64_t>(s.send_q) == *c.sysctls.somaxconn) {
      out.push_back(fmt::format("The limit equals net.core.somaxconn ({}): the application may have asked for "
                                "more and been capped.",
                                *c.sysctls.somaxconn));
    } else if (used >= c.thresholds.listen_overflow.queue_pct && static_cast<int64_t>(s.send_q) < *c.sysctls.somaxconn) {
      out.push_back(fmt::format("net.core.somaxconn is {}, so the application could ask for a larger backlog.",
                                *c.sysctls.somaxconn));
    }
  }
  return out;
}

// TCP states in which the peer's FIN has arrived, or this end's FIN is unacknowledged.
bool fin_received(TcpState s) {
  return s == TcpState::CloseWait || s == TcpState::LastAck || s == TcpState::Closing;
}
bool fin_unacked(TcpState s) { return s == TcpState::FinWait1 || s == TcpState::LastAck || s == TcpState::Closing; }

std::string recv_queue_text(const SocketRecord& s) {
  if (s.recv_q == 0) {
    if (s.state == TcpState::CloseWait) {
      return "Recv-Q 0: the application has read everything, end of file included, and still has not closed the "
             "socket.";
    }
    return "Recv-Q 0: nothing waits to be read.";
  }
  if (fin_received(s.state)) {
    const std::string unread =
        s.recv_q > 1 ? bytes_text(s.recv_q - 1) + " of data and the peer's FIN" : "the peer's FIN";
    if (s.state == TcpState::CloseWait) {
      return fmt::format("Recv-Q {}: {} {} to be read. The application has not read to end of file, so it may "
                         "not have noticed that the peer closed.",
                         s.recv_q, unread, s.recv_q > 1 ? "wait" : "waits");
    }
    return fmt::format("Recv-Q {}: {}, not read by the application.", s.recv_q, unread);
  }
  return fmt::format("Recv-Q {}: received and not yet read by the application.", bytes_text(s.recv_q));
}

std::string send_queue_text(const SocketRecord& s) {
  if (s.state == TcpState::SynSent) {
    if (s.send_q <= 1) return "Send-Q 1 is the SYN itself, not yet answered.";
    return fmt::format("Send-Q {}: the SYN plus {} queued to go with it (TCP Fast Open).", s.send_q,
                       bytes_text(s.send_q - 1));
  }
  if (s.send_q == 0) return "Send-Q 0: everything sent has been acknowledged.";
  if (fin_unacked(s.state)) {
    const std::string unacked =
        s.send_q > 1 ? bytes_text(s.send_q - 1) + " of data and this end's FIN" : "this end's FIN";
    return fmt::format("Send-Q {}: {}, not yet acknowledged.", s.send_q, unacked);
  }
  return fmt::format("Send-Q {}: not yet acknowledged by the peer (sent, or still waiting to be sent).",
                     bytes_text(s.send_q));
}

std::string buffer_line(std::string_view what, uint64_t used, uint64_t size, std::string_view verb) {
  return fmt::format("{}: {} of {} {} ({:.0f}%).", what, human_bytes(static_cast<int64_t>(used)),
                     human_bytes(static_cast<int64_t>(size)), verb, std::round(percent(used, size)));
}

}  // namespace

Paragraphs queues_part(const ExplainContext& c) {
  const SocketRecord& s = c.socket;
  if (s.proto == Proto::Udp) {
    return {s.recv_q == 0 ? std::string("Recv-Q 0: no datagrams wait to be read.")
                          : fmt::format("Recv-Q {}: datagrams received and not yet read (counted with their "
                                        "buffer overhead).",
                                        bytes_text(s.recv_q)),
            s.send_q == 0 ? std::string("Send-Q 0: nothing waits to go out.")
                          : fmt::format("Send-Q {}: datagrams handed to the kernel and not yet sent out.",
                                        bytes_text(s.send_q))};
  }
  if (s.state == TcpState::Listen) return listener_queues(c);
  if (is_minisocket(s)) return split_paragraphs(tcp_knowledge(s.state).queues);
  return {recv_queue_text(s), send_queue_text(s)};
}

Paragraphs memory_part(const ExplainContext& c) {
  const SocketRecord& s = c.socket;
  if (!s.mem || s.state == TcpState::Listen) return {};
  const MemInfo& m = *s.mem;
  Paragraphs out;
  if (s.proto == Proto::Udp) {
    out.push_back(buffer_line("Receive buffer", m.rmem_alloc, m.rcvbuf, "in use"));
    out.push_back(buffer_line("Send buffer", m.wmem_alloc, m.sndbuf, "in use"));
  } else {
    std::string receive = buffer_line("Receive buffer", m.rmem_alloc, m.rcvbuf, "in use");
    if (c.sysctls.tcp_rmem) {
      receive += fmt::format(" Autotuning can grow it up to {} (tcp_rmem) unless the application set SO_RCVBUF.",
                             human_bytes(c.sysctls.tcp_rmem->max));
    }
    out.push_back(std::move(receive));
    std::string send = buffer_line("Send buffer", m.wmem_queued, m.sndbuf, "queued");
    if (c.sysctls.tcp_wmem) {
      send += fmt::format(" Autotuning can grow it up to {} (tcp_wmem) unless the application set SO_SNDBUF.",
                          human_bytes(c.sysctls.tcp_wmem->max));
    }
    out.push_back(std::move(send));
  }
  if (m.rcvbuf > 0 && percent(m.rmem_alloc, m.rcvbuf) >= kReceiveNearlyFullPct) {
    const char* how_full = m.rmem_alloc >= m.rcvbuf ? "full" : "nearly full";
    out.push_back(s.proto == Proto::Udp
                      ? fmt::format("The receive buffer is {}: datagrams that do not fit are dropped.", how_full)
                      : fmt::format("The receive buffer is {}: the application is not reading fast enough, and "
                                    "the window this end advertises shrinks toward zero.",
                                    how_full));
  }
  const uint64_t sent = s.proto == Proto::Udp ? m.wmem_alloc : m.wmem_queued;
  if (m.sndbuf > 0 && percent(sent, m.sndbuf) >= c.thresholds.send_stalled.queue_pct) {
    out.push_back("The send buffer is nearly full: the application's writes block (or fail with EAGAIN) until "
                  "data leaves.");
  }
  if (m.drops > 0) {
    out.push_back(fmt::format("{} dropped on this socket{}.", count_text(m.drops, "packet"),
                              s.proto == Proto::Udp ? ", most often because the receive buffer was full"
                                                    : " (receive buffer or memory limits)"));
  }
  return out;
}

Paragraphs shutdown_part(const SocketRecord& s) {
  if (!s.shutdown || s.state == TcpState::Listen) return {};
  if (s.proto == Proto::Udp && *s.shutdown == 0) return {};  // the usual case, not worth a line
  const bool receive = (*s.shutdown & 1) != 0;
  const bool send = (*s.shutdown & 2) != 0;
  if (receive && send) {
    return {"Both directions are shut down: this end sent its FIN and no more data will arrive."};
  }
  if (receive) {
    return {"Receiving is shut down: no more data will arrive (the peer's FIN came, or the application called "
            "shutdown(SHUT_RD)). This end can still send."};
  }
  if (send) {
    return {"Sending is shut down: this end sent its FIN (shutdown(SHUT_WR) or close()). Data from the peer can "
            "still arrive."};
  }
  return {"Neither direction is shut down."};
}

}  // namespace sockscope::explain_detail

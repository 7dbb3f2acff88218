#include "explain/state_knowledge.h"

namespace sockscope {

namespace {

// Facts checked against the kernel (net/ipv4/tcp_input.c, tcp_timer.c,
// tcp_minisocks.c, inet_diag.c) and Documentation/networking/ip-sysctl.rst.

constexpr StateKnowledge kEstablished{
    "ESTABLISHED",
    "The connection is open in both directions: the handshake is complete and "
    "neither side has sent a FIN yet, so data can flow both ways.",
    "This end either connected out (SYN_SENT, then the peer's SYN-ACK arrived) or "
    "was accepted by a listener (the peer's SYN, this end's SYN-ACK, then the "
    "peer's ACK).",
    "While idle with nothing unacknowledged, no timer runs unless the application "
    "turned keepalive on (SO_KEEPALIVE): then, after tcp_keepalive_time of silence "
    "(default 7200 s), a probe goes out every tcp_keepalive_intvl (75 s), and "
    "after tcp_keepalive_probes (9) unanswered probes the connection is reset.\n"
    "While sent data awaits acknowledgement, the retransmit timer runs. The kernel "
    "gives up when retransmissions stay unanswered for the time tcp_retries2 "
    "allows, counted from the first retransmission: about 924.6 s with the "
    "default of 15 (TCP_USER_TIMEOUT replaces this when the application sets "
    "it).\n"
    "While the peer advertises a zero receive window, the zero-window probe "
    "(persist) timer runs instead.",
    "It stays ESTABLISHED until one side closes. If the application here closes "
    "(or shuts down writing) first, this end sends a FIN and moves to FIN_WAIT1. "
    "If the peer's FIN arrives first, it moves to CLOSE_WAIT. A reset, or giving "
    "up on retransmissions or keepalive, ends it at once.",
    "Recv-Q is data received and not yet read by the application. Send-Q is data "
    "not yet acknowledged by the peer, including data not sent yet.",
    "Nothing to do while data moves. A Recv-Q that stays high means the "
    "application here is not reading; a Send-Q that stays high means the peer is "
    "not reading (zero-window probes) or packets are being lost "
    "(retransmissions).",
};

constexpr StateKnowledge kSynSent{
    "SYN_SENT",
    "This end is opening a connection: it sent a SYN (connect()) and is waiting "
    "for the peer's SYN-ACK.",
    "The application called connect(). A SYN_SENT socket that lasts more than a "
    "round trip means the SYNs get no answer: the peer host is down or "
    "unreachable, or a firewall drops them silently. A port nobody listens on "
    "answers with a reset, which fails the connect at once.",
    "The retransmit timer resends the SYN, the first wait being 1 s and each "
    "later one doubling. After tcp_syn_retries resends (default 6; TCP_SYNCNT per "
    "socket) connect() fails with ETIMEDOUT: about 127 s with the defaults. Since "
    "Linux 6.5, tcp_syn_linear_timeouts extra resends (default 4) come first, "
    "1 s apart, before the doubling starts, and the attempt ends after about "
    "131 s. An ICMP unreachable or a reset ends it earlier.",
    "The peer's SYN-ACK moves it to ESTABLISHED. A reset (connection refused), an "
    "ICMP unreachable, or the last SYN timing out fails the connect and closes "
    "the socket.",
    "Send-Q is 1 for the SYN (plus any data queued for TCP Fast Open); Recv-Q "
    "is 0.",
    "Check that the peer is up and reachable on that port (routes, firewalls "
    "that drop instead of reject). Applications that must fail fast should use "
    "their own connect timeout or TCP_SYNCNT rather than lowering "
    "tcp_syn_retries for the whole host.",
};

constexpr StateKnowledge kSynRecv{
    "SYN_RECV",
    "A connection half-way through its handshake on the listening side: the "
    "peer's SYN arrived, this end answered with a SYN-ACK and waits for the "
    "peer's final ACK. The kernel keeps it as a small request socket attached to "
    "the listener, not yet a full socket: no process owns it and accept() cannot "
    "return it yet.",
    "A client connected to a port that listens here. SYN_RECV normally lasts one "
    "round trip. Many at once, or ones that last, mean the final ACKs are not "
    "arriving: the clients are gone or their addresses are spoofed (a SYN "
    "flood), packets are lost on the way back, or the listener's accept queue is "
    "full so completed handshakes are held back.\n"
    "A full socket in SYN_RECV (rather than a request socket) is a TCP Fast Open "
    "connection whose handshake is not finished yet.",
    "The retransmit timer resends the SYN-ACK, the first wait being 1 s and each "
    "later one doubling, up to tcp_synack_retries times (default 5: the last "
    "resend about 31 s in, the request dropped at about 63 s). When the "
    "listener's pending requests pass half its backlog, old requests get fewer "
    "resends (down to 2).",
    "The peer's ACK completes the handshake: the kernel creates a full "
    "ESTABLISHED socket and puts it on the listener's accept queue for accept(). "
    "Without that ACK the request is dropped when its resends run out; a reset "
    "from the peer drops it at once.",
    "Both are 0: a request socket holds no data.",
    "A few are normal on a busy server. Many point at a SYN flood (keep "
    "tcp_syncookies at 1 so the listener keeps answering), at clients that cannot "
    "be reached back, or at a full accept queue (compare the LISTEN socket's "
    "Recv-Q with its Send-Q).",
};

constexpr StateKnowledge kFinWait1{
    "FIN_WAIT1",
    "This end has closed its sending side: it sent a FIN and waits for the peer "
    "to acknowledge it.",
    "The application here called close() or shutdown(SHUT_WR) on an established "
    "connection, so this end closed first (the active close). It normally lasts "
    "one round trip. A FIN_WAIT1 socket that lasts means its FIN is not "
    "acknowledged: the peer is unreachable, or data queued ahead of the FIN "
    "cannot go out because the peer's receive window is zero.",
    "The retransmit timer resends the FIN and any unacknowledged data before it. "
    "While the application still holds the socket, it gives up as an "
    "established connection does (tcp_retries2: about 924.6 s with the default "
    "of 15). Once the application has closed it, the socket is an orphan and "
    "tcp_orphan_retries applies instead (default 0, which means 8: about 102 s); "
    "orphans are also reset early when there are more than tcp_max_orphans.",
    "The peer's ACK of the FIN moves it to FIN_WAIT2. If the peer's own FIN "
    "arrives before that ACK (both closed at once), it moves to CLOSING; a FIN "
    "together with the ACK moves it straight to TIME_WAIT.",
    "Send-Q counts the unacknowledged data plus 1 for the FIN.",
    "Brief FIN_WAIT1 is normal. Many that last point at peers that vanished or "
    "stopped reading; check the path to them. The kernel resets orphaned ones on "
    "its own.",
};

constexpr StateKnowledge kFinWait2{
    "FIN_WAIT2",
    "This end closed first and the peer acknowledged its FIN. Now it waits for "
    "the peer to close its side (the peer's FIN). The connection is half-closed: "
    "the peer can still send data.",
    "From FIN_WAIT1, when the peer acknowledged this end's FIN. This end closed "
    "first; the peer is in CLOSE_WAIT and its application has not closed yet.",
    "While the application here still holds the socket (it used shutdown()), no "
    "timer runs: it waits for the peer's FIN as long as it takes (keepalive, if "
    "on, still probes).\n"
    "Once the application has closed it, the orphaned FIN_WAIT2 lasts at most "
    "tcp_fin_timeout (default 60 s; TCP_LINGER2 per socket), kept as a small "
    "minisocket with no owner, and then the kernel drops it. tcp_fin_timeout "
    "bounds only this: it does not shorten TIME_WAIT.",
    "The peer's FIN moves it to TIME_WAIT. An orphaned one is dropped when "
    "tcp_fin_timeout runs out, whether or not the FIN came.",
    "Recv-Q is data the peer sent and the application has not read; Send-Q is "
    "normally 0.",
    "If many last, the peers' applications are not closing their side (they sit "
    "in CLOSE_WAIT over there): fix the peer. Lowering tcp_fin_timeout shortens "
    "only orphaned FIN_WAIT2.",
};

constexpr StateKnowledge kTimeWait{
    "TIME_WAIT",
    "The connection is closed on both sides. This end, which closed first, "
    "remembers it for a while so that a delayed segment of the old connection "
    "cannot be taken for part of a new one on the same addresses and ports, and "
    "so that it can resend its last ACK if the peer's FIN comes again.",
    "This end closed first (FIN_WAIT1, FIN_WAIT2), then received the peer's FIN "
    "and acknowledged it; or both sides closed at once (CLOSING). The kernel "
    "replaced the full socket with a small timewait socket: no process owns it "
    "and it holds no buffers.",
    "TIME_WAIT lasts a fixed 60 s (TCP_TIMEWAIT_LEN, compiled into the kernel). "
    "tcp_fin_timeout does not change it. Beyond tcp_max_tw_buckets the kernel "
    "does not keep new TIME_WAIT sockets at all.",
    "It disappears when its 60 s are up.\n"
    "Before that, a new SYN from the peer "
    "with a higher sequence number or timestamp can take the pair over, and with "
    "tcp_tw_reuse (default 2: loopback only) an outgoing connect() can reuse it "
    "when timestamps show the new segments are newer.",
    "Both are 0: a timewait socket holds no data.",
    "TIME_WAIT is normal and cheap (no process, no buffers). Large numbers come "
    "from many short connections that this side closes: reuse connections "
    "(keep-alive, pooling), or let the peer close first. It turns into a problem "
    "only when outgoing connections to one destination use up "
    "ip_local_port_range. Lowering tcp_fin_timeout does not help.",
};

constexpr StateKnowledge kClose{
    "CLOSE",
    "A TCP socket with no connection: neither connected nor listening. The "
    "kernel lists such sockets only while they are still in its tables, so they "
    "are seldom seen.",
    "A connect() that failed (reset, timeout, ICMP error), a connection that was "
    "reset or timed out while the application still holds the socket, or a "
    "socket that was bound and not used yet.",
    "No timer runs.",
    "Nothing happens until the application closes it, or connects or listens "
    "again.",
    "Recv-Q may hold data that arrived before the connection ended.",
    "The application should collect the error (connect() or recv() reports it) "
    "and close the socket.",
};

constexpr StateKnowledge kCloseWait{
    "CLOSE_WAIT",
    "The peer has closed its side: its FIN arrived and was acknowledged. The "
    "kernel now waits for the application here to close the socket. This end "
    "can still send.",
    "The connection was established and the peer closed first (a passive close "
    "on this side). The application here has been told (a read returns 0, end of "
    "file) but has not called close().",
    "No timer: CLOSE_WAIT has no kernel timeout and ends only when the "
    "application closes the socket (or its process exits). Keepalive, if on, "
    "still probes, and a peer that has forgotten the connection answers with a "
    "reset, which ends it.",
    "When the application closes, this end sends its FIN and moves to LAST_ACK, "
    "and is gone once the peer acknowledges it.",
    "Recv-Q counts unread data plus 1 for the peer's FIN until the application "
    "reads to end of file.",
    "A CLOSE_WAIT that lasts is a bug or a stall in the application that owns "
    "the socket: it does not close connections after the peer hangs up (a "
    "missing close() on an error path, a leaked pool connection, a thread stuck "
    "elsewhere). Find the owner, check how it handles end of file, and make "
    "every path close the socket. Restarting the process frees them; no sysctl "
    "does.",
};

constexpr StateKnowledge kLastAck{
    "LAST_ACK",
    "Both sides have closed: the peer first, then the application here. This "
    "end's FIN now waits for the peer's acknowledgement.",
    "From CLOSE_WAIT, when the application here closed the socket (or shut down "
    "writing). The peer closed first.",
    "The retransmit timer resends the FIN until the peer acknowledges it. Once "
    "the application has closed the socket, tcp_orphan_retries limits this "
    "(default 0, which means 8: about 102 s); while it still holds the socket, "
    "tcp_retries2 does (about 924.6 s with the default of 15).",
    "The peer's ACK ends it: the socket is gone, with no TIME_WAIT on this side. "
    "A reset ends it too.",
    "Send-Q counts 1 for the unacknowledged FIN plus any unacknowledged data.",
    "Brief LAST_ACK is normal. Many that last mean the final ACKs do not come "
    "back (peers that vanished right after closing, or loss on the path); the "
    "kernel gives up on them by itself.",
};

constexpr StateKnowledge kListen{
    "LISTEN",
    "A listening socket: it takes new connections on its port. Handshakes in "
    "progress are request sockets (SYN_RECV); completed ones wait in its accept "
    "queue until the application calls accept().",
    "The application bound the socket and called listen().",
    "No timer runs on the listener itself; each pending handshake (SYN_RECV) has "
    "its own.",
    "It stays until the application closes it.",
    "On a listener, Recv-Q is the accept queue (connections established and "
    "waiting for accept()) and Send-Q is its limit: the backlog passed to "
    "listen(), capped at net.core.somaxconn (default 4096 since Linux 5.4, 128 "
    "before). The kernel calls the queue full only when it holds more than the "
    "limit, so it can reach the backlog plus one. While it is full, new SYNs are "
    "dropped and counted in TcpExt.ListenOverflows and ListenDrops, and clients "
    "retry after a delay.",
    "A queue near its limit means the application accepts too slowly (a busy or "
    "blocked accept loop, too few workers) or bursts outgrow the backlog. Make "
    "it accept faster first; then raise the backlog in the application and "
    "net.core.somaxconn together.",
};

constexpr StateKnowledge kClosing{
    "CLOSING",
    "Both sides closed at the same time: this end sent its FIN, then got the "
    "peer's FIN before its own was acknowledged. It waits for the ACK of its "
    "FIN.",
    "From FIN_WAIT1, when the peer's FIN arrived while this end's FIN was still "
    "unacknowledged (a simultaneous close: both ends closed first). Rare; a "
    "CLOSING socket that lasts means this end's FIN, or the ACK for it, is being "
    "lost.",
    "The retransmit timer resends the FIN, with the same limits as FIN_WAIT1: "
    "tcp_retries2 while the application holds the socket, tcp_orphan_retries "
    "(about 102 s by default) once it has closed it.",
    "The ACK of its FIN moves it to TIME_WAIT (60 s).",
    "Send-Q counts 1 for the unacknowledged FIN; Recv-Q counts 1 for the peer's "
    "FIN until the application reads it.",
    "Nothing to do for a few. Many that last point at packet loss toward the "
    "peers.",
};

constexpr StateKnowledge kUnknown{
    "UNKNOWN",
    "The kernel reported a state number that sockscope does not know.",
    "Nothing is known about how it got there.",
    "Nothing is known about its timers.",
    "Nothing is known about what comes next.",
    "Recv-Q and Send-Q are as the kernel gave them.",
    "Compare with `ss -tan`; a newer kernel may have added a state.",
};

constexpr StateKnowledge kUdp{
    "UDP",
    "UDP has no connections and no states. An unconnected socket (UNCONN) takes "
    "datagrams from any sender: a server, or a client using sendto(). A "
    "connected socket (ESTAB) is one on which the application called connect(): "
    "it has a default peer and the kernel delivers it only that peer's "
    "datagrams. No handshake took place; the peer may not even exist.",
    "bind() gives it a local address and port (otherwise the kernel picks a port "
    "on the first send); connect() fixes the peer.",
    "None: UDP has no timers and no retransmission. A lost datagram stays lost.",
    "It stays until the application closes it.",
    "Recv-Q is the memory taken by datagrams received and not yet read (each "
    "counted with its buffer overhead); Send-Q is memory taken by datagrams not "
    "yet sent. When the receive queue reaches the receive buffer (SO_RCVBUF, "
    "default net.core.rmem_default), new datagrams are dropped, counted on the "
    "socket and in Udp.RcvbufErrors.",
    "A Recv-Q that stays high, or drops that rise, mean the application does not "
    "read fast enough: read faster (more threads, recvmmsg()) or raise SO_RCVBUF "
    "(up to net.core.rmem_max).",
};

}  // namespace

const StateKnowledge& tcp_knowledge(TcpState state) {
  switch (user_visible(state)) {
    case TcpState::Established: return kEstablished;
    case TcpState::SynSent: return kSynSent;
    case TcpState::SynRecv: return kSynRecv;
    case TcpState::FinWait1: return kFinWait1;
    case TcpState::FinWait2: return kFinWait2;
    case TcpState::TimeWait: return kTimeWait;
    case TcpState::Close: return kClose;
    case TcpState::CloseWait: return kCloseWait;
    case TcpState::LastAck: return kLastAck;
    case TcpState::Listen: return kListen;
    case TcpState::Closing: return kClosing;
    default: return kUnknown;
  }
}

const StateKnowledge& udp_knowledge() { return kUdp; }

}  // namespace sockscope

#include "netlink/diag_socket.h"

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>

namespace sockscope {

void DiagSocket::MnlClose::operator()(mnl_socket* sock) const { mnl_socket_close(sock); }

DiagSocket::DiagSocket(DiagSocket&&) noexcept = default;
DiagSocket& DiagSocket::operator=(DiagSocket&&) noexcept = default;
DiagSocket::~DiagSocket() = default;

Result<DiagSocket> DiagSocket::open(const DiagSocketOptions& options) {
  DiagSocket s;
  s.sock_.reset(mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC));
  if (!s.sock_) return Error::from_errno("socket(AF_NETLINK, NETLINK_SOCK_DIAG)", errno);
  if (mnl_socket_bind(s.sock_.get(), 0, MNL_SOCKET_AUTOPID) < 0) {
    return Error::from_errno("bind sock_diag socket", errno);
  }
  s.portid_ = mnl_socket_get_portid(s.sock_.get());

  const int fd = mnl_socket_get_fd(s.sock_.get());
  // SO_RCVBUFFORCE passes rmem_max but needs CAP_NET_ADMIN; SO_RCVBUF is
  // capped at rmem_max. Either size is workable, so neither failure is fatal.
  const int rcvbuf = options.socket_rcvbuf;
  if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) != 0) {
    (void)::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  }
  if (options.receive_timeout.count() > 0) {
    const auto ms = options.receive_timeout.count();
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(ms / 1000);
    tv.tv_usec = static_cast<suseconds_t>(ms % 1000 * 1000);
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0) {
      return Error::from_errno("setsockopt(SO_RCVTIMEO) on sock_diag socket", errno);
    }
  }

  s.buffer_size_ = options.receive_buffer;
  s.buffer_ = std::make_unique_for_overwrite<uint8_t[]>(s.buffer_size_);
  return s;
}

Result<void> DiagSocket::send(std::span<const uint8_t> request) {
  for (;;) {
    if (mnl_socket_sendto(sock_.get(), request.data(), request.size()) >= 0) return {};
    if (errno != EINTR) return Error::from_errno("send sock_diag request", errno);
  }
}

Result<Datagram> DiagSocket::next() {
  sockaddr_nl from{};
  iovec iov{buffer_.get(), buffer_size_};
  msghdr msg{};
  ssize_t n;
  do {
    msg = msghdr{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    n = ::recvmsg(mnl_socket_get_fd(sock_.get()), &msg, 0);
  } while (n < 0 && errno == EINTR);

  if (n < 0) {
    const int err = errno;
    if (err == ENOBUFS) return Error::from_errno("sock_diag replies lost (receive queue overrun)", err);
    if (err == EAGAIN || err == EWOULDBLOCK) return Error::from_errno("no sock_diag reply before the timeout", err);
    return Error::from_errno("recvmsg on sock_diag socket", err);
  }
  if (msg.msg_flags & MSG_TRUNC) {
    return Error::from_errno("sock_diag datagram larger than the receive buffer", EMSGSIZE);
  }
  if (msg.msg_namelen != sizeof from || from.nl_family != AF_NETLINK) {
    return Error::from_errno("sock_diag datagram without a netlink sender address", EPROTO);
  }
  return Datagram{std::span<const uint8_t>(buffer_.get(), static_cast<size_t>(n)), from.nl_pid};
}

}  // namespace sockscope

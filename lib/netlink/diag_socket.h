// DiagSocket: one NETLINK_SOCK_DIAG socket and its receive buffer. Sends
// requests and hands out reply datagrams as they arrive; parsing is elsewhere.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "netlink/dump_reader.h"
#include "util/result.h"

struct mnl_socket;

namespace sockscope {

struct DiagSocketOptions {
  // Datagrams larger than this are an error. The kernel sizes dump chunks
  // from the reader's buffer, so a large one means fewer, fuller datagrams.
  size_t receive_buffer = size_t{1} << 20;
  int socket_rcvbuf = 1 << 20;  // SO_RCVBUF(FORCE): room for the chunk in flight
  // A dump the kernel stops answering fails after this long instead of hanging.
  std::chrono::milliseconds receive_timeout{10000};
};

class DiagSocket final : public DatagramSource {
 public:
  // Opens (SOCK_CLOEXEC) and binds a NETLINK_SOCK_DIAG socket with a kernel-chosen port id.
  static Result<DiagSocket> open(const DiagSocketOptions& options = {});

  DiagSocket(DiagSocket&&) noexcept;
  DiagSocket& operator=(DiagSocket&&) noexcept;
  ~DiagSocket() override;

  uint32_t portid() const { return portid_; }

  // Sends one request to the kernel, retrying on EINTR.
  Result<void> send(std::span<const uint8_t> request);

  // Receives one datagram into the socket's own buffer, retrying on EINTR.
  // ENOBUFS (replies lost to overrun) and truncation are errors.
  Result<Datagram> next() override;

 private:
  struct MnlClose {
    void operator()(mnl_socket* sock) const;
  };
  DiagSocket() = default;

  std::unique_ptr<mnl_socket, MnlClose> sock_;
  std::unique_ptr<uint8_t[]> buffer_;
  size_t buffer_size_ = 0;
  uint32_t portid_ = 0;
};

}  // namespace sockscope

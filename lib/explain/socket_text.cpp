// Small helpers the socket parts share.
#include <fmt/format.h>

#include "explain/socket_parts.h"
#include "render/address_text.h"
#include "render/state_label.h"
#include "render/units.h"

namespace sockscope::explain_detail {

Paragraphs split_paragraphs(std::string_view text) {
  Paragraphs out;
  while (!text.empty()) {
    size_t end = text.find('\n');
    out.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

bool is_minisocket(const SocketRecord& socket) {
  if (socket.proto != Proto::Tcp) return false;
  // inet_diag reports request sockets as SYN_RECV with inode 0; a Fast Open
  // child looks the same until accept() takes it, and is rare enough to
  // count with them.
  const bool request = user_visible(socket.state) == TcpState::SynRecv && socket.inode == 0;
  return request || socket.state == TcpState::TimeWait || socket.timer.kind == TimerKind::TimeWait;
}

bool is_orphan(const SocketRecord& socket) {
  if (socket.proto != Proto::Tcp || socket.inode != 0 || is_minisocket(socket)) return false;
  switch (socket.state) {
    case TcpState::FinWait1:
    case TcpState::FinWait2:
    case TcpState::LastAck:
    case TcpState::Closing:
      return true;
    default:
      return false;
  }
}

bool awaits_accept(const SocketRecord& socket) {
  // Closing an established socket moves it to FIN_WAIT1 or LAST_ACK, so an
  // ESTABLISHED or CLOSE_WAIT socket without a file has never been accepted.
  if (socket.proto != Proto::Tcp || socket.inode != 0) return false;
  return socket.state == TcpState::Established || socket.state == TcpState::CloseWait;
}

std::string endpoint_text(Family family, const Endpoint& endpoint) {
  fmt::memory_buffer out;
  append_endpoint(out, family, endpoint);
  return fmt::to_string(out);
}

std::string bytes_text(uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} byte{}", bytes, bytes == 1 ? "" : "s");
  return fmt::format("{} bytes ({})", bytes, human_bytes(static_cast<int64_t>(bytes)));
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
  return out;
}

std::string_view state_label(const SocketRecord& socket) {
  if (socket.proto == Proto::Udp) return table_state_label(socket.state);
  return tcp_state_name(socket.state);
}

}  // namespace sockscope::explain_detail

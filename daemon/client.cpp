#include "client.h"

#include <sys/socket.h>

#include <array>
#include <cerrno>

namespace sockscope::daemon {

namespace {

constexpr size_t kReadChunk = 64 * 1024;
constexpr int kReadsPerEvent = 4;  // then let the other fds have their turn

PeerCredentials read_peer(int fd) {
  PeerCredentials peer;
  ucred cred{};
  socklen_t len = sizeof cred;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && len == sizeof cred) {
    peer.pid = cred.pid;
    peer.uid = cred.uid;
    peer.gid = cred.gid;
    peer.known = true;
  }
  return peer;
}

}  // namespace

Client::Client(UniqueFd fd, uint64_t id, size_t max_line, SteadyClock::time_point now)
    : fd_(std::move(fd)), id_(id), framer_(max_line), peer_(read_peer(fd_.get())), last_activity_(now) {}

Client::ReadStatus Client::read_lines(std::vector<std::string>& lines, SteadyClock::time_point now) {
  std::array<char, kReadChunk> chunk;
  ReadStatus status = ReadStatus::Open;
  for (int i = 0; i < kReadsPerEvent; ++i) {
    ssize_t n = ::recv(fd_.get(), chunk.data(), chunk.size(), MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      return ReadStatus::Failed;
    }
    if (n == 0) {
      status = ReadStatus::Eof;
      break;
    }
    last_activity_ = now;
    framer_.append(std::span<const char>(chunk.data(), static_cast<size_t>(n)));
    // Take lines as they complete, so the framer holds at most one partial line.
    for (;;) {
      std::string line;
      auto next = framer_.next(line);
      if (next == ipc::LineFramer::Next::Line) {
        lines.push_back(std::move(line));
        continue;
      }
      if (next == ipc::LineFramer::Next::TooLong) return ReadStatus::TooLong;
      break;
    }
    if (static_cast<size_t>(n) < chunk.size()) break;  // drained
  }
  return status;
}

Client::SendStatus Client::send(std::string_view bytes, size_t limit, SteadyClock::time_point now) {
  if (pending() > limit) return SendStatus::Behind;
  if (out_offset_ > 0 && out_offset_ >= out_.size() / 2) {
    out_.erase(0, out_offset_);
    out_offset_ = 0;
  }
  out_.append(bytes);
  return flush(now) == FlushStatus::Failed ? SendStatus::Failed : SendStatus::Ok;
}

Client::FlushStatus Client::flush(SteadyClock::time_point now) {
  while (pending() > 0) {
    ssize_t n = ::send(fd_.get(), out_.data() + out_offset_, pending(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return FlushStatus::Pending;
      return FlushStatus::Failed;
    }
    out_offset_ += static_cast<size_t>(n);
    last_activity_ = now;
  }
  // Give back the memory of a large answer; keep a small buffer for the next.
  if (out_.capacity() > kReadChunk * 16) {
    std::string().swap(out_);
  } else {
    out_.clear();
  }
  out_offset_ = 0;
  return FlushStatus::Done;
}

}  // namespace sockscope::daemon

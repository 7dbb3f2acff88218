#include "netlink/collector.h"

#include <fmt/format.h>

#include <utility>

#include "netlink/cookie_set.h"
#include "netlink/diag_request.h"
#include "netlink/diag_socket.h"
#include "netlink/dump_reader.h"

namespace sockscope {

struct SocketCollector::Impl {
  DiagSocket socket;
  uint32_t next_seq = 1;
  // A dump abandoned half-way leaves replies queued and the kernel's dump
  // state busy; a fresh socket is cheaper than draining the old one.
  bool needs_reopen = false;
  size_t last_count = 0;  // sizes the next poll's reservations
  CookieSet seen;

  explicit Impl(DiagSocket s) : socket(std::move(s)) {}

  Result<BatchStatus> dump(const CollectOptions& options, Proto proto, Family family, CollectResult& out);
};

namespace {
Error in_dump(Proto proto, Family family, const Error& e) {
  return Error{fmt::format("{} {} dump: {}", proto_name(proto), family_name(family), e.message), e.err};
}
}  // namespace

// One protocol+family dump, redone while the kernel flags it inconsistent.
Result<BatchStatus> SocketCollector::Impl::dump(const CollectOptions& options, Proto proto, Family family,
                                                CollectResult& out) {
  for (uint32_t attempt = 0;; ++attempt) {
    const size_t mark = out.sockets.size();
    DiagRequest request;
    request.proto = proto;
    request.family = family;
    request.states = options.states;
    request.tcp_info = options.tcp_info;
    request.mem = options.mem;
    request.seq = next_seq++;
    if (auto sent = socket.send(build_diag_request(request).view()); !sent) return in_dump(proto, family, sent.error());

    const DumpExpectation expect{request.seq, socket.portid(), proto};
    auto end = read_dump(socket, expect, out.sockets);
    if (!end) return in_dump(proto, family, end.error());
    out.stats.messages += end->messages;
    out.stats.skipped += end->skipped;
    if (end->status == BatchStatus::Interrupted && attempt < options.max_dump_retries) {
      out.sockets.erase(out.sockets.begin() + static_cast<std::ptrdiff_t>(mark), out.sockets.end());
      ++out.stats.retries;
      continue;
    }
    // Out of retries, an interrupted dump is still the best view there is;
    // deduplication removes its repeats.
    return end->status;
  }
}

Result<SocketCollector> SocketCollector::open() {
  auto socket = DiagSocket::open();
  if (!socket) return socket.error();
  return SocketCollector(std::make_unique<Impl>(std::move(*socket)));
}

SocketCollector::SocketCollector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SocketCollector::SocketCollector(SocketCollector&&) noexcept = default;
SocketCollector& SocketCollector::operator=(SocketCollector&&) noexcept = default;
SocketCollector::~SocketCollector() = default;

Result<void> SocketCollector::collect(const CollectOptions& options, CollectResult& out) {
  Impl& self = *impl_;
  out.sockets.clear();
  out.stats = DumpStats{};
  // Room for last poll's population plus growth, so the vector of large
  // records is not copied while the dump streams in.
  out.sockets.reserve(self.last_count + self.last_count / 8 + 256);

  if (self.needs_reopen) {
    auto socket = DiagSocket::open();
    if (!socket) return socket.error();
    self.socket = std::move(*socket);
    self.needs_reopen = false;
  }

  struct Target {
    bool wanted;
    Proto proto;
    Family family;
  };
  const Target targets[] = {
      {options.tcp && options.ipv4, Proto::Tcp, Family::Inet},
      {options.tcp && options.ipv6, Proto::Tcp, Family::Inet6},
      {options.udp && options.ipv4, Proto::Udp, Family::Inet},
      {options.udp && options.ipv6, Proto::Udp, Family::Inet6},
  };
  for (const Target& t : targets) {
    if (!t.wanted) continue;
    auto status = self.dump(options, t.proto, t.family, out);
    if (!status) {
      self.needs_reopen = true;
      return status.error();
    }
    // A family the kernel refuses makes the protocol's view incomplete.
    if (*status == BatchStatus::Unsupported) {
      (t.proto == Proto::Tcp ? out.stats.tcp_available : out.stats.udp_available) = false;
    }
  }

  out.stats.duplicates = drop_duplicate_cookies(out.sockets, self.seen);
  self.last_count = out.sockets.size();
  return {};
}

}  // namespace sockscope

#include "netlink/diag_parser.h"

#include <fmt/format.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>

namespace sockscope {

namespace {

// Input may come from a file or a fuzzer at any alignment, so every kernel
// struct is copied out rather than cast in place.
template <typename T>
T load(const uint8_t* p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

constexpr size_t kHeaderLen = NLMSG_HDRLEN;
constexpr size_t kAttrHeaderLen = NLA_HDRLEN;
constexpr size_t kDiagMsgLen = NLMSG_ALIGN(sizeof(inet_diag_msg));

// MemInfo holds the SK_MEMINFO_* array in kernel order, so it is filled by one copy.
static_assert(sizeof(MemInfo) == 9 * sizeof(uint32_t));
static_assert(offsetof(MemInfo, drops) == SK_MEMINFO_DROPS * sizeof(uint32_t));

constexpr size_t align4(size_t n) { return (n + 3) & ~size_t{3}; }

Error malformed(std::string what) { return Error{"sock_diag reply: " + std::move(what), EBADMSG}; }

// The errors sock_diag gives for a protocol or family the kernel was built without.
bool means_unsupported(int64_t err) {
  return err == ENOENT || err == EOPNOTSUPP || err == EPROTONOSUPPORT || err == EINVAL;
}

TcpState state_from_kernel(uint8_t s) {
  return s <= static_cast<uint8_t>(TcpState::NewSynRecv) ? static_cast<TcpState>(s) : TcpState::Unknown;
}

TimerKind timer_from_kernel(uint8_t t) {
  return t <= static_cast<uint8_t>(TimerKind::ZeroWindowProbe) ? static_cast<TimerKind>(t) : TimerKind::None;
}

// Copies the fixed part of an inet_diag_msg into a fresh record.
void fill_fixed(const inet_diag_msg& msg, Family family, Proto proto, SocketRecord& rec) {
  rec.proto = proto;
  rec.family = family;
  rec.state = state_from_kernel(msg.idiag_state);
  const size_t addr_len = family == Family::Inet ? 4 : 16;
  std::memcpy(rec.local.addr.data(), msg.id.idiag_src, addr_len);
  std::memcpy(rec.remote.addr.data(), msg.id.idiag_dst, addr_len);
  rec.local.port = ntohs(msg.id.idiag_sport);
  rec.remote.port = ntohs(msg.id.idiag_dport);
  rec.recv_q = msg.idiag_rqueue;
  rec.send_q = msg.idiag_wqueue;
  rec.inode = msg.idiag_inode;
  rec.uid = msg.idiag_uid;
  rec.cookie = uint64_t{msg.id.idiag_cookie[0]} | uint64_t{msg.id.idiag_cookie[1]} << 32;
  rec.ifindex = msg.id.idiag_if;
  rec.timer.kind = timer_from_kernel(msg.idiag_timer);
  rec.timer.expires_ms = msg.idiag_expires;
  rec.timer.count = msg.idiag_retrans;
}

// Applies one attribute to the record. Unknown types are ignored: kernels add them.
Result<void> apply_attribute(uint16_t type, const uint8_t* data, size_t len, SocketRecord& rec) {
  switch (type) {
    case INET_DIAG_INFO: {
      // tcp_info grows between kernels: take what fits, keep the rest zero.
      const size_t n = std::min(len, sizeof(TcpInfo));
      auto* dst = reinterpret_cast<uint8_t*>(&rec.tcp_info);
      std::memcpy(dst, data, n);
      std::memset(dst + n, 0, sizeof(TcpInfo) - n);
      rec.tcp_info_len = static_cast<uint16_t>(std::min<size_t>(len, UINT16_MAX));
      break;
    }
    case INET_DIAG_SKMEMINFO: {
      MemInfo mem{};
      std::memcpy(&mem, data, std::min(len / sizeof(uint32_t) * sizeof(uint32_t), sizeof mem));
      rec.mem = mem;
      break;
    }
    case INET_DIAG_CONG: {
      rec.congestion.fill('\0');
      const size_t n = std::min(len, rec.congestion.size() - 1);
      const auto* end = static_cast<const uint8_t*>(std::memchr(data, '\0', n));
      std::memcpy(rec.congestion.data(), data, end ? static_cast<size_t>(end - data) : n);
      break;
    }
    case INET_DIAG_SHUTDOWN:
      if (len < 1) return malformed("empty INET_DIAG_SHUTDOWN attribute");
      rec.shutdown = data[0];
      break;
    default:
      break;
  }
  return {};
}

// Parses the payload of one SOCK_DIAG_BY_FAMILY message into a record appended
// to `out`. Returns false (and appends nothing) for a family we do not handle.
Result<bool> parse_socket(std::span<const uint8_t> payload, Proto proto, std::vector<SocketRecord>& out) {
  if (payload.size() < sizeof(inet_diag_msg)) {
    return malformed(fmt::format("inet_diag_msg payload of {} bytes, need {}", payload.size(),
                                 sizeof(inet_diag_msg)));
  }
  const auto msg = load<inet_diag_msg>(payload.data());
  Family family;
  if (msg.idiag_family == AF_INET) {
    family = Family::Inet;
  } else if (msg.idiag_family == AF_INET6) {
    family = Family::Inet6;
  } else {
    return false;
  }

  SocketRecord& rec = out.emplace_back();
  fill_fixed(msg, family, proto, rec);

  size_t pos = std::min(kDiagMsgLen, payload.size());
  // Fewer than an attribute header's worth of trailing bytes is padding.
  while (payload.size() - pos >= kAttrHeaderLen) {
    const auto attr = load<nlattr>(payload.data() + pos);
    if (attr.nla_len < kAttrHeaderLen || attr.nla_len > payload.size() - pos) {
      out.pop_back();
      return malformed(fmt::format("attribute type {} has length {} with {} bytes left", attr.nla_type,
                                   attr.nla_len, payload.size() - pos));
    }
    auto applied = apply_attribute(attr.nla_type & NLA_TYPE_MASK, payload.data() + pos + kAttrHeaderLen,
                                   attr.nla_len - kAttrHeaderLen, rec);
    if (!applied) {
      out.pop_back();
      return applied.error();
    }
    pos += std::min(align4(attr.nla_len), payload.size() - pos);
  }
  return true;
}

// Ends the dump on an error code from NLMSG_ERROR or NLMSG_DONE (negative errno).
Result<BatchStatus> status_from_error(int32_t code) {
  const int64_t err = -int64_t{code};
  if (err == 0) return BatchStatus::Done;  // an acknowledgement: nothing more follows
  if (means_unsupported(err)) return BatchStatus::Unsupported;
  return Error::from_errno("sock_diag dump failed", static_cast<int>(err));
}

}  // namespace

Result<BatchOutcome> parse_diag_batch(std::span<const uint8_t> datagram, uint32_t sender_portid,
                                      const DumpExpectation& expect, std::vector<SocketRecord>& out) {
  BatchOutcome outcome;
  const uint8_t* base = datagram.data();
  const size_t size = datagram.size();
  size_t offset = 0;

  while (size - offset >= kHeaderLen) {
    const auto hdr = load<nlmsghdr>(base + offset);
    const size_t remaining = size - offset;
    if (hdr.nlmsg_len < kHeaderLen || hdr.nlmsg_len > remaining) {
      // A datagram not from the kernel is skipped whole, however broken.
      if (sender_portid != 0) {
        ++outcome.skipped;
        return outcome;
      }
      return malformed(fmt::format("nlmsg_len {} at offset {} with {} bytes left", hdr.nlmsg_len, offset,
                                   remaining));
    }
    const auto payload = datagram.subspan(offset + kHeaderLen, hdr.nlmsg_len - kHeaderLen);
    offset += std::min<size_t>(NLMSG_ALIGN(hdr.nlmsg_len), remaining);
    ++outcome.messages;

    if (sender_portid != 0 || hdr.nlmsg_seq != expect.seq || hdr.nlmsg_pid != expect.portid) {
      ++outcome.skipped;
      continue;
    }
    if (hdr.nlmsg_flags & NLM_F_DUMP_INTR) outcome.dump_interrupted = true;

    switch (hdr.nlmsg_type) {
      case SOCK_DIAG_BY_FAMILY: {
        auto parsed = parse_socket(payload, expect.proto, out);
        if (!parsed) return parsed.error();
        if (!*parsed) ++outcome.skipped;
        break;
      }
      case NLMSG_DONE: {
        // The kernel puts the dump's final error code in DONE; 0 is success.
        int32_t code = 0;
        if (payload.size() >= sizeof code) code = load<int32_t>(payload.data());
        auto status = status_from_error(code);
        if (!status) return status.error();
        outcome.status = *status;
        if (outcome.status == BatchStatus::Done && outcome.dump_interrupted) {
          outcome.status = BatchStatus::Interrupted;
        }
        return outcome;
      }
      case NLMSG_ERROR: {
        if (payload.size() < sizeof(int32_t)) {
          return malformed(fmt::format("NLMSG_ERROR payload of {} bytes", payload.size()));
        }
        auto status = status_from_error(load<int32_t>(payload.data()));
        if (!status) return status.error();
        outcome.status = *status;
        if (outcome.status == BatchStatus::Done && outcome.dump_interrupted) {
          outcome.status = BatchStatus::Interrupted;
        }
        return outcome;
      }
      default:  // NLMSG_NOOP, NLMSG_OVERRUN and anything newer carry no socket
        ++outcome.skipped;
        break;
    }
  }

  if (offset != size && sender_portid == 0) {
    return malformed(fmt::format("{} stray bytes after the last message", size - offset));
  }
  return outcome;
}

}  // namespace sockscope

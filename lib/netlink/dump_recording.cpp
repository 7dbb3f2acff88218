#include "netlink/dump_recording.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/unique_fd.h"

namespace sockscope {

namespace {

constexpr char kMagic[8] = {'S', 'S', 'D', 'U', 'M', 'P', '0', '1'};
constexpr size_t kHeaderSize = 20;

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint32_t get_u32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

Error bad_recording(const std::string& what) { return Error{"recorded dump: " + what, EINVAL}; }

}  // namespace

std::vector<uint8_t> encode_recorded_dump(const RecordedDump& dump) {
  std::vector<uint8_t> out(kMagic, kMagic + sizeof kMagic);
  put_u32(out, dump.expect.seq);
  put_u32(out, dump.expect.portid);
  out.push_back(dump.family == Family::Inet ? AF_INET : AF_INET6);
  out.push_back(dump.expect.proto == Proto::Tcp ? IPPROTO_TCP : IPPROTO_UDP);
  out.push_back(0);
  out.push_back(0);
  for (const auto& d : dump.datagrams) {
    put_u32(out, static_cast<uint32_t>(d.bytes.size()));
    put_u32(out, d.sender_portid);
    out.insert(out.end(), d.bytes.begin(), d.bytes.end());
  }
  return out;
}

Result<RecordedDump> decode_recorded_dump(std::span<const uint8_t> bytes) {
  if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return bad_recording("missing SSDUMP01 header");
  }
  RecordedDump dump;
  dump.expect.seq = get_u32(bytes.data() + 8);
  dump.expect.portid = get_u32(bytes.data() + 12);
  const uint8_t family = bytes[16];
  const uint8_t protocol = bytes[17];
  if (family != AF_INET && family != AF_INET6) return bad_recording("family " + std::to_string(family));
  if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) return bad_recording("protocol " + std::to_string(protocol));
  dump.family = family == AF_INET ? Family::Inet : Family::Inet6;
  dump.expect.proto = protocol == IPPROTO_TCP ? Proto::Tcp : Proto::Udp;

  size_t pos = kHeaderSize;
  while (pos < bytes.size()) {
    if (bytes.size() - pos < 8) return bad_recording("truncated datagram header at offset " + std::to_string(pos));
    const uint32_t length = get_u32(bytes.data() + pos);
    const uint32_t sender = get_u32(bytes.data() + pos + 4);
    pos += 8;
    if (length > bytes.size() - pos) return bad_recording("datagram of " + std::to_string(length) + " bytes overruns the file");
    dump.datagrams.push_back({std::vector<uint8_t>(bytes.begin() + static_cast<std::ptrdiff_t>(pos),
                                                   bytes.begin() + static_cast<std::ptrdiff_t>(pos + length)),
                              sender});
    pos += length;
  }
  return dump;
}

Result<RecordedDump> read_recorded_dump(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return Error::from_errno("open " + path.string(), errno);
  std::vector<uint8_t> bytes;
  uint8_t chunk[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error::from_errno("read " + path.string(), errno);
    if (n == 0) break;
    bytes.insert(bytes.end(), chunk, chunk + n);
  }
  auto dump = decode_recorded_dump(bytes);
  if (!dump) return Error{path.string() + ": " + dump.error().message, dump.error().err};
  return dump;
}

Result<void> write_recorded_dump(const std::filesystem::path& path, const RecordedDump& dump) {
  const auto bytes = encode_recorded_dump(dump);
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid()) return Error::from_errno("create " + path.string(), errno);
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error::from_errno("write " + path.string(), errno);
    done += static_cast<size_t>(n);
  }
  return {};
}

Result<Datagram> RecordedSource::next() {
  if (index_ >= dump_.datagrams.size()) {
    return Error{"recorded dump ended before NLMSG_DONE", ENODATA};
  }
  const auto& d = dump_.datagrams[index_++];
  return Datagram{d.bytes, d.sender_portid};
}

Result<Datagram> RecordingSource::next() {
  auto datagram = inner_.next();
  if (datagram) {
    into_.datagrams.push_back({std::vector<uint8_t>(datagram->bytes.begin(), datagram->bytes.end()),
                               datagram->sender_portid});
  }
  return datagram;
}

}  // namespace sockscope

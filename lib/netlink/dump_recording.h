// Recorded dump replies: the raw datagrams of one real dump plus what the
// request expected, so tests and fuzzers can replay exactly what a kernel sent.
//
// File layout, every integer little-endian:
//   header   "SSDUMP01" (8 bytes)
//            u32 seq, u32 portid        the request's sequence number and our port id
//            u8 family (2 = AF_INET, 10 = AF_INET6), u8 protocol (6 = TCP, 17 = UDP), u16 zero
//   then per datagram, in arrival order:
//            u32 length, u32 sender portid (0 = the kernel), `length` bytes
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "model/endpoint.h"
#include "netlink/diag_parser.h"
#include "netlink/dump_reader.h"
#include "util/result.h"

namespace sockscope {

struct RecordedDatagram {
  std::vector<uint8_t> bytes;
  uint32_t sender_portid = 0;
};

struct RecordedDump {
  DumpExpectation expect;  // seq, portid and protocol of the request
  Family family = Family::Inet;
  std::vector<RecordedDatagram> datagrams;
};

std::vector<uint8_t> encode_recorded_dump(const RecordedDump& dump);
Result<RecordedDump> decode_recorded_dump(std::span<const uint8_t> bytes);

Result<RecordedDump> read_recorded_dump(const std::filesystem::path& path);
Result<void> write_recorded_dump(const std::filesystem::path& path, const RecordedDump& dump);

// Replays a recording's datagrams in order; asking past the last is an Error.
class RecordedSource final : public DatagramSource {
 public:
  explicit RecordedSource(const RecordedDump& dump) : dump_(dump) {}
  Result<Datagram> next() override;

 private:
  const RecordedDump& dump_;
  size_t index_ = 0;
};

// Wraps a live source and keeps a copy of every datagram it hands out.
class RecordingSource final : public DatagramSource {
 public:
  RecordingSource(DatagramSource& inner, RecordedDump& into) : inner_(inner), into_(into) {}
  Result<Datagram> next() override;

 private:
  DatagramSource& inner_;
  RecordedDump& into_;
};

}  // namespace sockscope

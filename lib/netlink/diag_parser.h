// Pure parser for sock_diag (inet_diag) dump replies: bytes in, records out.
// No sockets, no syscalls: recorded dumps and fuzzers drive it directly.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "model/socket_record.h"
#include "util/result.h"

namespace sockscope {

// What the reply must match: our request's sequence number and our port id.
struct DumpExpectation {
  uint32_t seq = 0;
  uint32_t portid = 0;
  Proto proto = Proto::Tcp;  // the protocol this dump was asked for
};

enum class BatchStatus {
  More,         // the dump continues in another datagram
  Done,         // NLMSG_DONE seen
  Interrupted,  // NLMSG_DONE seen, but NLM_F_DUMP_INTR was set on the dump: redo it
  Unsupported,  // NLMSG_ERROR with ENOENT/EOPNOTSUPP/EPROTONOSUPPORT/EINVAL: protocol unavailable
};

struct BatchOutcome {
  BatchStatus status = BatchStatus::More;
  uint32_t messages = 0;  // messages parsed in this batch, skipped ones included
  uint32_t skipped = 0;   // messages dropped: wrong seq/portid, not from the kernel, no socket in it
  // NLM_F_DUMP_INTR was set on a message of ours in this batch. The parser is
  // stateless, so a caller reading a dump over several datagrams must carry
  // this to the datagram holding NLMSG_DONE (read_dump in dump_reader.h does).
  bool dump_interrupted = false;
};

// Parses one datagram (one recvmsg's worth) of a dump reply and appends a
// record per socket to `out`. `sender_portid` is the address the datagram came
// from (0 = the kernel). A malformed message is an Error naming what was wrong;
// the records appended before it stay valid.
Result<BatchOutcome> parse_diag_batch(std::span<const uint8_t> datagram, uint32_t sender_portid,
                                      const DumpExpectation& expect, std::vector<SocketRecord>& out);

}  // namespace sockscope

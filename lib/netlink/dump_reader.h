// Reads one whole dump reply, datagram by datagram, from any source: the live
// socket in the collector, a recorded file in tests and the recorder.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "model/socket_record.h"
#include "netlink/diag_parser.h"
#include "util/result.h"

namespace sockscope {

struct Datagram {
  std::span<const uint8_t> bytes;  // valid until the source's next call
  uint32_t sender_portid = 0;      // 0 = the kernel
};

class DatagramSource {
 public:
  virtual ~DatagramSource() = default;
  // The next datagram of the reply; an Error when none can be had.
  virtual Result<Datagram> next() = 0;
};

struct DumpEnd {
  BatchStatus status = BatchStatus::Done;  // never More
  uint32_t messages = 0;
  uint32_t skipped = 0;
  uint32_t datagrams = 0;
};

// Feeds datagrams to parse_diag_batch until the dump ends, appending a record
// per socket to `out`. NLM_F_DUMP_INTR seen on any datagram turns the final
// Done into Interrupted. On Error, records appended so far stay in `out`.
Result<DumpEnd> read_dump(DatagramSource& source, const DumpExpectation& expect,
                          std::vector<SocketRecord>& out);

}  // namespace sockscope

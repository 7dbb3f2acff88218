#include "netlink/dump_reader.h"

namespace sockscope {

Result<DumpEnd> read_dump(DatagramSource& source, const DumpExpectation& expect,
                          std::vector<SocketRecord>& out) {
  DumpEnd end;
  bool interrupted = false;
  for (;;) {
    auto datagram = source.next();
    if (!datagram) return datagram.error();
    ++end.datagrams;
    auto batch = parse_diag_batch(datagram->bytes, datagram->sender_portid, expect, out);
    if (!batch) return batch.error();
    end.messages += batch->messages;
    end.skipped += batch->skipped;
    interrupted = interrupted || batch->dump_interrupted;
    if (batch->status == BatchStatus::More) continue;
    end.status = batch->status == BatchStatus::Done && interrupted ? BatchStatus::Interrupted : batch->status;
    return end;
  }
}

}  // namespace sockscope

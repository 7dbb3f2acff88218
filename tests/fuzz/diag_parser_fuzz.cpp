// libFuzzer target for the sock_diag reply parser. Input is one datagram.
// The expectation is taken from the first message header so that most inputs
// get past the seq/portid check and into the socket and attribute parsing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "netlink/diag_parser.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();  // a broken invariant is a finding
}

void run(std::span<const uint8_t> input, uint32_t sender, const sockscope::DumpExpectation& expect) {
  std::vector<sockscope::SocketRecord> records;
  auto outcome = sockscope::parse_diag_batch(input, sender, expect, records);
  // Every record came from a message of its own.
  check(records.size() <= input.size() / 16);
  if (outcome) {
    check(outcome->skipped <= outcome->messages || sender != 0);
    check(records.size() <= outcome->messages);
  }
  for (const auto& r : records) {
    check(r.congestion.back() == '\0');
    check(r.tcp_info_len <= input.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> input(data, size);
  sockscope::DumpExpectation expect;
  if (size >= 16) {
    std::memcpy(&expect.seq, data + 8, sizeof expect.seq);
    std::memcpy(&expect.portid, data + 12, sizeof expect.portid);
  }
  expect.proto = size % 2 == 0 ? sockscope::Proto::Tcp : sockscope::Proto::Udp;
  run(input, 0, expect);
  run(input, 1234, expect);  // the same bytes from a sender that is not the kernel
  return 0;
}

// Every TcpInfo field under the name JSON output uses, with where it lies, so
// a renderer can emit exactly the fields the kernel actually sent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "model/tcp_info.h"

namespace sockscope {

struct TcpInfoField {
  std::string_view name;  // "rtt_us", "cwnd", ...: units in the name where they are not counts
  uint16_t offset;        // byte offset in struct tcp_info
  uint8_t size;           // 1, 2, 4 or 8 bytes
  uint8_t shift = 0;      // for the fields packed into one byte (wscale, app_limited)
  uint8_t bits = 0;       // 0 = the whole field

  // Present when the kernel sent every byte of the field.
  bool present(uint16_t tcp_info_len) const { return offset + size <= tcp_info_len; }
  uint64_t read(const TcpInfo& info) const;
};

// In struct order.
std::span<const TcpInfoField> tcp_info_fields();

}  // namespace sockscope

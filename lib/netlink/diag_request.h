// Builds the SOCK_DIAG_BY_FAMILY dump request (inet_diag_req_v2) for one
// protocol and family. Pure: the socket code only sends the bytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "model/endpoint.h"
#include "model/tcp_state.h"

namespace sockscope {

struct DiagRequest {
  Proto proto = Proto::Tcp;
  Family family = Family::Inet;
  StateMask states = kAllStates;
  bool tcp_info = true;  // INET_DIAG_INFO and INET_DIAG_CONG
  bool mem = true;       // INET_DIAG_SKMEMINFO
  uint32_t seq = 0;
};

// nlmsghdr (16 bytes) + inet_diag_req_v2 (56 bytes).
inline constexpr size_t kDiagRequestSize = 72;

struct DiagRequestBytes {
  alignas(8) std::array<uint8_t, kDiagRequestSize> bytes{};
  std::span<const uint8_t> view() const { return bytes; }
};

DiagRequestBytes build_diag_request(const DiagRequest& request);

}  // namespace sockscope

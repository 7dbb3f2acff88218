// SocketFilter: which sockets a listing shows. Every condition set must hold
// (AND); the state mask is the OR of the states asked for.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "filter/address_prefix.h"
#include "filter/process_selector.h"
#include "model/process.h"
#include "model/socket_record.h"
#include "util/result.h"

namespace sockscope {

struct SocketFilter {
  // These four also go to the kernel, which then skips non-matching sockets.
  StateMask states = kAllStates;
  bool tcp = true;
  bool udp = true;
  bool ipv4 = true;
  bool ipv6 = true;

  std::optional<uint16_t> sport;  // local port
  std::optional<uint16_t> dport;  // remote port
  std::optional<AddressPrefix> src;  // local address
  std::optional<AddressPrefix> dst;  // remote address
  std::optional<ProcessSelector> process;  // needs the process index

  bool needs_processes() const { return process.has_value(); }
};

// The filter as typed on a command line; empty / unset means "no condition".
struct FilterArgs {
  std::vector<std::string> states;
  bool tcp = false, udp = false;  // neither = both
  bool ipv4 = false, ipv6 = false;  // neither = both
  std::optional<std::string> sport, dport, src, dst, process;
};

// The first bad value makes an Error that names it.
Result<SocketFilter> parse_filter(const FilterArgs& args);

bool matches(const SocketFilter& filter, const SocketRecord& socket, const ProcessIndex& processes);

// Pointers into `sockets`, in order, of those that match.
std::vector<const SocketRecord*> select_sockets(std::span<const SocketRecord> sockets,
                                                const SocketFilter& filter,
                                                const ProcessIndex& processes);

}  // namespace sockscope

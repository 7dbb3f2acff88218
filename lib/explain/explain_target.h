// What `explain` is asked about: one socket (by LOCAL PEER, cookie, inode or
// filter words) or a state in general, parsed from the words a user typed,
// and the records of a poll that match. Free of CLI types: the daemon parses
// the same words from a request.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "filter/address_prefix.h"
#include "filter/socket_filter.h"
#include "model/process.h"
#include "model/socket_record.h"
#include "util/result.h"

namespace sockscope {

// One side of a connection as typed: "10.0.0.1:80", "[::1]:443", "*:80",
// "0.0.0.0:*". "*" matches any address or port (tables print port 0 as "*").
struct EndpointPattern {
  std::optional<AddressPrefix> address;  // a full-length prefix; unset = any
  std::optional<uint16_t> port;          // unset = any

  bool operator==(const EndpointPattern&) const = default;
};

Result<EndpointPattern> parse_endpoint_pattern(std::string_view text);

// An IPv4 address also matches its IPv4-mapped IPv6 form (dual-stack sockets).
bool endpoint_matches(const EndpointPattern& pattern, Family family, const Endpoint& endpoint);

// Every condition set must hold.
struct SocketTarget {
  std::optional<EndpointPattern> local;
  std::optional<EndpointPattern> peer;
  std::optional<uint64_t> cookie;
  std::optional<uint64_t> inode;
  SocketFilter filter;      // passes everything when no filter words were given
  std::string description;  // the selection as typed, for messages: "--cookie 42"
};

struct StateTarget {
  Proto proto = Proto::Tcp;
  TcpState state = TcpState::Unknown;  // ignored for UDP
};

using ExplainTarget = std::variant<SocketTarget, StateTarget>;

// The words as typed. `filter.states` doubles as --state NAME: alone it asks
// for a state in general ("close-wait", "udp"); with LOCAL PEER or other
// filter words it narrows the selection like `sockets --state`.
struct TargetArgs {
  std::vector<std::string> endpoints;  // LOCAL PEER
  std::optional<std::string> cookie;   // decimal, or hex with 0x (ss -e prints sk:HEX)
  std::optional<std::string> inode;
  FilterArgs filter;
};

// An Error names the bad value, or the selectors that cannot go together.
Result<ExplainTarget> parse_target(const TargetArgs& args);

// The records that match, in snapshot order.
std::vector<const SocketRecord*> select_targets(std::span<const SocketRecord> sockets, const SocketTarget& target,
                                                const ProcessIndex& processes);

}  // namespace sockscope

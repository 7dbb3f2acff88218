#include "filter/socket_filter.h"

#include "filter/port.h"
#include "filter/state_selector.h"

namespace sockscope {

namespace {

// Parses an optional argument into an optional field; an unset argument leaves it unset.
template <typename T, typename Parse>
Result<void> parse_into(const std::optional<std::string>& text, std::optional<T>& field, Parse parse) {
  if (!text) return {};
  auto parsed = parse(*text);
  if (!parsed) return parsed.error();
  field = std::move(*parsed);
  return {};
}

}  // namespace

Result<SocketFilter> parse_filter(const FilterArgs& args) {
  SocketFilter filter;
  auto states = parse_state_selectors(args.states);
  if (!states) return states.error();
  filter.states = *states;

  if (args.tcp || args.udp) {
    filter.tcp = args.tcp;
    filter.udp = args.udp;
  }
  if (args.ipv4 || args.ipv6) {
    filter.ipv4 = args.ipv4;
    filter.ipv6 = args.ipv6;
  }

  if (auto done = parse_into(args.sport, filter.sport, parse_port); !done) return done.error();
  if (auto done = parse_into(args.dport, filter.dport, parse_port); !done) return done.error();
  if (auto done = parse_into(args.src, filter.src, parse_address_prefix); !done) return done.error();
  if (auto done = parse_into(args.dst, filter.dst, parse_address_prefix); !done) return done.error();
  if (auto done = parse_into(args.process, filter.process, parse_process_selector); !done) return done.error();
  return filter;
}

bool matches(const SocketFilter& filter, const SocketRecord& socket, const ProcessIndex& processes) {
  auto state_index = static_cast<unsigned>(socket.state);
  if (state_index >= 32 || (filter.states & (StateMask{1} << state_index)) == 0) return false;
  if (!(socket.proto == Proto::Tcp ? filter.tcp : filter.udp)) return false;
  if (!(socket.family == Family::Inet ? filter.ipv4 : filter.ipv6)) return false;
  if (filter.sport && socket.local.port != *filter.sport) return false;
  if (filter.dport && socket.remote.port != *filter.dport) return false;
  if (filter.src && !prefix_matches(*filter.src, socket.family, socket.local)) return false;
  if (filter.dst && !prefix_matches(*filter.dst, socket.family, socket.remote)) return false;
  if (filter.process) {
    // inode 0 (TIME_WAIT, request sockets) has no owner to match.
    auto owners = socket.inode ? processes.find(socket.inode) : std::span<const ProcessRef>();
    if (owners.empty()) return false;
    bool any = false;
    for (const auto& owner : owners) any = any || owner_matches(*filter.process, owner);
    if (!any) return false;
  }
  return true;
}

std::vector<const SocketRecord*> select_sockets(std::span<const SocketRecord> sockets,
                                                const SocketFilter& filter,
                                                const ProcessIndex& processes) {
  std::vector<const SocketRecord*> selected;
  selected.reserve(sockets.size());
  for (const auto& socket : sockets) {
    if (matches(filter, socket, processes)) selected.push_back(&socket);
  }
  return selected;
}

}  // namespace sockscope

#include "explain/explain_target.h"

#include <charconv>

#include "filter/port.h"

namespace sockscope {

namespace {

constexpr std::string_view kEndpointForm = "expected ADDRESS:PORT, with IPv6 in brackets as in [::1]:80";

Error endpoint_error(std::string_view text, std::string_view why) {
  return make_error("bad address:port '" + std::string(text) + "' (" + std::string(why) + ")");
}

Result<std::optional<AddressPrefix>> parse_address_part(std::string_view whole, std::string_view address) {
  if (address == "*") return std::optional<AddressPrefix>();
  if (address.empty()) return endpoint_error(whole, "the address is missing");
  if (address.find('/') != std::string_view::npos) return endpoint_error(whole, "a single address, not a prefix");
  auto parsed = parse_address_prefix(address);
  if (!parsed) return endpoint_error(whole, "'" + std::string(address) + "' is not an IP address");
  return std::optional<AddressPrefix>(*parsed);
}

Result<std::optional<uint16_t>> parse_port_part(std::string_view whole, std::string_view port) {
  if (port == "*") return std::optional<uint16_t>();
  auto parsed = parse_port(port);
  if (!parsed) return endpoint_error(whole, "bad port '" + std::string(port) + "', expected 0-65535 or *");
  return std::optional<uint16_t>(*parsed);
}

// Positive decimal, or hex after "0x"; 0 names no socket.
std::optional<uint64_t> parse_id(std::string_view text, bool allow_hex) {
  int base = 10;
  if (allow_hex && (text.starts_with("0x") || text.starts_with("0X"))) {
    text.remove_prefix(2);
    base = 16;
  }
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, base);
  if (text.empty() || ec != std::errc() || ptr != end || value == 0) return std::nullopt;
  return value;
}

bool has_filter_words(const FilterArgs& f, bool count_states) {
  return (count_states && !f.states.empty()) || f.tcp || f.udp || f.ipv4 || f.ipv6 || f.sport || f.dport ||
         f.src || f.dst || f.process;
}

std::string join_words(const TargetArgs& args) {
  std::string out;
  auto add = [&out](std::string_view word) {
    if (!out.empty()) out.push_back(' ');
    out.append(word);
  };
  for (const auto& e : args.endpoints) add(e);
  const FilterArgs& f = args.filter;
  for (const auto& s : f.states) add("--state " + s);
  if (f.tcp) add("--tcp");
  if (f.udp) add("--udp");
  if (f.ipv4) add("-4");
  if (f.ipv6) add("-6");
  if (f.sport) add("--sport " + *f.sport);
  if (f.dport) add("--dport " + *f.dport);
  if (f.src) add("--src " + *f.src);
  if (f.dst) add("--dst " + *f.dst);
  if (f.process) add("--process " + *f.process);
  return out;
}

Result<ExplainTarget> parse_state_target(const std::vector<std::string>& states) {
  if (states.size() != 1) {
    return make_error("--state alone explains one state; got '" + states[1] +
                      "' as well (add filter words to pick sockets instead)");
  }
  const std::string& name = states.front();
  if (name == "udp" || name == "UDP") return ExplainTarget(StateTarget{Proto::Udp, TcpState::Close});
  auto state = parse_tcp_state(name);
  if (!state) {
    return make_error("unknown state '" + name +
                      "' (expected a TCP state such as established, syn-recv, fin-wait-2, time-wait, close-wait, "
                      "listen; or udp)");
  }
  return ExplainTarget(StateTarget{Proto::Tcp, *state});
}

}  // namespace

Result<EndpointPattern> parse_endpoint_pattern(std::string_view text) {
  std::string_view address, port;
  if (text.starts_with('[')) {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return endpoint_error(text, "no closing ']'");
    if (close + 1 >= text.size() || text[close + 1] != ':') return endpoint_error(text, "missing :PORT after ']'");
    address = text.substr(1, close - 1);
    port = text.substr(close + 2);
    if (address.find(':') == std::string_view::npos && address != "*") {
      return endpoint_error(text, "brackets are for IPv6 addresses");
    }
  } else {
    size_t colon = text.find(':');
    if (colon == std::string_view::npos) return endpoint_error(text, std::string(kEndpointForm));
    if (text.find(':', colon + 1) != std::string_view::npos) {
      return endpoint_error(text, "IPv6 addresses go in brackets, as in [::1]:80");
    }
    address = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  auto parsed_address = parse_address_part(text, address);
  if (!parsed_address) return parsed_address.error();
  auto parsed_port = parse_port_part(text, port);
  if (!parsed_port) return parsed_port.error();
  return EndpointPattern{*parsed_address, *parsed_port};
}

bool endpoint_matches(const EndpointPattern& pattern, Family family, const Endpoint& endpoint) {
  if (pattern.port && *pattern.port != endpoint.port) return false;
  return !pattern.address || prefix_matches(*pattern.address, family, endpoint);
}

Result<ExplainTarget> parse_target(const TargetArgs& args) {
  const FilterArgs& f = args.filter;
  const bool has_pair = !args.endpoints.empty();
  if (args.cookie && args.inode) return make_error("--cookie and --inode each pick one socket; give only one");
  if (args.cookie || args.inode) {
    const char* option = args.cookie ? "--cookie" : "--inode";
    if (has_pair) {
      return make_error(std::string(option) + " picks one socket by itself; drop '" + args.endpoints.front() + "'");
    }
    if (has_filter_words(f, true)) {
      return make_error(std::string(option) + " picks one socket by itself; drop the filter words ('" +
                        join_words(TargetArgs{{}, {}, {}, f}) + "')");
    }
  }
  if (has_pair && args.endpoints.size() == 1) {
    return make_error("LOCAL PEER is two addresses; got only '" + args.endpoints.front() +
                      "' (to pick by one side, use --sport, --src, --dport or --dst)");
  }
  if (args.endpoints.size() > 2) {
    return make_error("unexpected argument '" + args.endpoints[2] + "' (LOCAL PEER is two addresses)");
  }
  if (!has_pair && !args.cookie && !args.inode && !f.states.empty() && !has_filter_words(f, false)) {
    return parse_state_target(f.states);
  }

  SocketTarget target;
  if (args.cookie) {
    target.cookie = parse_id(*args.cookie, true);
    if (!target.cookie) {
      return make_error("bad --cookie '" + *args.cookie +
                        "' (expected a socket cookie: a positive number, or hex after 0x)");
    }
    target.description = "--cookie " + *args.cookie;
    return ExplainTarget(std::move(target));
  }
  if (args.inode) {
    target.inode = parse_id(*args.inode, false);
    if (!target.inode) {
      return make_error("bad --inode '" + *args.inode +
                        "' (expected a positive inode number; sockets without a file have inode 0, pick those "
                        "with --cookie)");
    }
    target.description = "--inode " + *args.inode;
    return ExplainTarget(std::move(target));
  }
  if (!has_pair && !has_filter_words(f, true)) {
    return make_error("nothing to explain: give LOCAL PEER, --cookie N, --inode N, filter words, or --state NAME");
  }
  if (has_pair) {
    auto local = parse_endpoint_pattern(args.endpoints[0]);
    if (!local) return make_error("LOCAL: " + local.error().message);
    auto peer = parse_endpoint_pattern(args.endpoints[1]);
    if (!peer) return make_error("PEER: " + peer.error().message);
    target.local = *local;
    target.peer = *peer;
  }
  auto filter = parse_filter(f);
  if (!filter) return filter.error();
  target.filter = *filter;
  target.description = join_words(args);
  return ExplainTarget(std::move(target));
}

std::vector<const SocketRecord*> select_targets(std::span<const SocketRecord> sockets, const SocketTarget& target,
                                                const ProcessIndex& processes) {
  std::vector<const SocketRecord*> out;
  for (const SocketRecord& s : sockets) {
    if (target.cookie && s.cookie != *target.cookie) continue;
    if (target.inode && s.inode != *target.inode) continue;
    if (target.local && !endpoint_matches(*target.local, s.family, s.local)) continue;
    if (target.peer && !endpoint_matches(*target.peer, s.family, s.remote)) continue;
    if (!matches(target.filter, s, processes)) continue;
    out.push_back(&s);
  }
  return out;
}

}  // namespace sockscope

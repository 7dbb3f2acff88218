#include "render/json_decode.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string>
#include <string_view>

namespace sockscope {

namespace {

using nlohmann::json;

// Every lookup goes through here, so one bad field ends the decode with its name.
struct DecodeError {
  std::string field;
};

const json& member(const json& object, const char* key) {
  if (!object.is_object()) throw DecodeError{key};
  auto it = object.find(key);
  if (it == object.end()) throw DecodeError{key};
  return *it;
}

template <typename T>
T number(const json& object, const char* key) {
  const json& value = member(object, key);
  if (!value.is_number()) throw DecodeError{key};
  return value.get<T>();
}

template <typename T>
std::optional<T> optional_number(const json& object, const char* key) {
  if (!object.is_object()) throw DecodeError{key};
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) throw DecodeError{key};
  return it->get<T>();
}

std::string text(const json& object, const char* key) {
  const json& value = member(object, key);
  if (!value.is_string()) throw DecodeError{key};
  return value.get<std::string>();
}

bool boolean(const json& object, const char* key) {
  const json& value = member(object, key);
  if (!value.is_boolean()) throw DecodeError{key};
  return value.get<bool>();
}

Endpoint endpoint(const json& object, Family family, const char* key) {
  const json& value = member(object, key);
  Endpoint e;
  std::string addr = text(value, "addr");
  int af = family == Family::Inet ? AF_INET : AF_INET6;
  if (inet_pton(af, addr.c_str(), e.addr.data()) != 1) throw DecodeError{std::string(key) + ".addr"};
  e.port = number<uint16_t>(value, "port");
  return e;
}

TimerKind timer_kind(const std::string& name) {
  for (auto kind : {TimerKind::None, TimerKind::Retransmit, TimerKind::Keepalive, TimerKind::TimeWait,
                    TimerKind::ZeroWindowProbe}) {
    if (timer_kind_name(kind) == name) return kind;
  }
  throw DecodeError{"timer.kind"};
}

MemInfo mem_info(const json& mem) {
  MemInfo m;
  m.rmem_alloc = number<uint32_t>(mem, "rmem_alloc");
  m.rcvbuf = number<uint32_t>(mem, "rcvbuf");
  m.wmem_alloc = number<uint32_t>(mem, "wmem_alloc");
  m.sndbuf = number<uint32_t>(mem, "sndbuf");
  m.fwd_alloc = number<uint32_t>(mem, "fwd_alloc");
  m.wmem_queued = number<uint32_t>(mem, "wmem_queued");
  m.optmem = number<uint32_t>(mem, "optmem");
  m.backlog = number<uint32_t>(mem, "backlog");
  m.drops = number<uint32_t>(mem, "drops");
  return m;
}

std::vector<ProcessRef> owners(const json& list) {
  if (!list.is_array()) throw DecodeError{"processes"};
  std::vector<ProcessRef> refs;
  refs.reserve(list.size());
  for (const json& p : list) refs.push_back(ProcessRef{number<int32_t>(p, "pid"), text(p, "comm"), number<int32_t>(p, "fd")});
  return refs;
}

SocketRecord socket_record(const json& s) {
  SocketRecord r;
  std::string proto = text(s, "proto");
  if (proto == "tcp") r.proto = Proto::Tcp;
  else if (proto == "udp") r.proto = Proto::Udp;
  else throw DecodeError{"proto"};
  std::string family = text(s, "family");
  if (family == "inet") r.family = Family::Inet;
  else if (family == "inet6") r.family = Family::Inet6;
  else throw DecodeError{"family"};
  auto state = parse_tcp_state(text(s, "state"));
  if (!state) throw DecodeError{"state"};
  r.state = *state;
  r.local = endpoint(s, r.family, "local");
  r.remote = endpoint(s, r.family, "remote");
  r.recv_q = number<uint32_t>(s, "recv_q");
  r.send_q = number<uint32_t>(s, "send_q");
  r.inode = number<uint64_t>(s, "inode");
  r.cookie = number<uint64_t>(s, "cookie");
  r.uid = number<uint32_t>(s, "uid");
  r.ifindex = number<uint32_t>(s, "ifindex");
  const json& timer = member(s, "timer");
  r.timer.kind = timer_kind(text(timer, "kind"));
  r.timer.expires_ms = number<uint32_t>(timer, "expires_ms");
  r.timer.count = number<uint32_t>(timer, "count");
  r.shutdown = optional_number<uint8_t>(s, "shutdown");
  if (s.contains("congestion")) {
    std::string name = text(s, "congestion");
    // The kernel's name fits 15 bytes and a NUL; a longer one is cut, as the kernel would.
    std::copy_n(name.begin(), std::min(name.size(), r.congestion.size() - 1), r.congestion.begin());
  }
  if (auto mem = s.find("mem"); mem != s.end() && !mem->is_null()) r.mem = mem_info(*mem);
  return r;
}

Result<DecodedSockets> decode_sockets(const json& listing) {
  const json& list = member(listing, "sockets");
  if (!list.is_array()) throw DecodeError{"sockets"};
  DecodedSockets decoded;
  decoded.sockets.reserve(list.size());
  decoded.ages.reserve(list.size());
  std::vector<ProcessIndex::Holding> holdings;
  for (const json& s : list) {
    decoded.sockets.push_back(socket_record(s));
    decoded.ages.push_back(optional_number<double>(s, "state_age_s"));
    auto refs = owners(member(s, "processes"));
    uint64_t inode = decoded.sockets.back().inode;
    if (inode != 0) {
      for (ProcessRef& ref : refs) holdings.push_back({inode, std::move(ref)});
    }
  }
  decoded.processes = ProcessIndex(std::move(holdings));
  return decoded;
}

StateCounts state_counts(const json& counts, uint64_t total) {
  if (!counts.is_object()) throw DecodeError{"counts"};
  StateCounts c;
  for (const auto& [name, value] : counts.items()) {
    auto state = parse_tcp_state(name);
    if (!state || !value.is_number_unsigned()) throw DecodeError{"counts." + name};
    c.by_state[static_cast<size_t>(user_visible(*state))] += value.get<uint64_t>();
  }
  c.total = total;
  return c;
}

QueueTotals queue_totals(const json& q) {
  return QueueTotals{number<uint64_t>(q, "recv_q"), number<uint64_t>(q, "send_q"), number<uint64_t>(q, "with_recv_q"),
                     number<uint64_t>(q, "with_send_q")};
}

std::optional<Triple> triple(const json& value, const char* lo, const char* mid, const char* hi) {
  if (value.is_null()) return std::nullopt;
  return Triple{number<int64_t>(value, lo), number<int64_t>(value, mid), number<int64_t>(value, hi)};
}

std::optional<int64_t> pages(const json& mem, const char* key) {
  const json& value = member(mem, key);
  if (value.is_null()) return std::nullopt;
  return number<int64_t>(value, "pages");
}

MemoryZone zone(const std::string& name) {
  for (auto z : {MemoryZone::Unknown, MemoryZone::Normal, MemoryZone::AboveMin, MemoryZone::Pressure}) {
    if (memory_zone_name(z) == name) return z;
  }
  throw DecodeError{"tcp_mem.zone"};
}

TcpMemory tcp_memory(const json& mem) {
  TcpMemory m;
  auto min = pages(mem, "min"), pressure = pages(mem, "pressure"), max = pages(mem, "max");
  if (min && pressure && max) m.limits = Triple{*min, *pressure, *max};
  m.in_use_pages = pages(mem, "in_use");
  m.page_size = number<int64_t>(mem, "page_size");
  m.zone = zone(text(mem, "zone"));
  m.over_max = boolean(mem, "over_max");
  return m;
}

// The JSON lower-cases sockstat's labels; the text renderer looks them up as
// the kernel writes them ("TCP", "UDP6"), and only "sockets" is lower case there.
Sockstat sockstat(const json& object) {
  if (!object.is_object()) throw DecodeError{"sockstat"};
  Sockstat s;
  for (const auto& [label, keys] : object.items()) {
    std::string name = label;
    if (name != "sockets") {
      for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (!keys.is_object()) throw DecodeError{"sockstat." + label};
    SockstatLine& line = s.lines[name];
    for (const auto& [key, value] : keys.items()) {
      if (!value.is_number_integer()) throw DecodeError{"sockstat." + label + "." + key};
      line[key] = value.get<int64_t>();
    }
  }
  return s;
}

Sysctls sysctls(const json& status) {
  Sysctls k;
  k.tcp_rmem = triple(member(status, "tcp_rmem"), "min", "default", "max");
  k.tcp_wmem = triple(member(status, "tcp_wmem"), "min", "default", "max");
  const json& limits = member(status, "limits");
  k.somaxconn = optional_number<int64_t>(limits, "somaxconn");
  k.tcp_max_syn_backlog = optional_number<int64_t>(limits, "tcp_max_syn_backlog");
  k.tcp_max_tw_buckets = optional_number<int64_t>(limits, "tcp_max_tw_buckets");
  k.tcp_max_orphans = optional_number<int64_t>(limits, "tcp_max_orphans");
  k.tcp_fin_timeout = optional_number<int64_t>(limits, "tcp_fin_timeout");
  k.tcp_syncookies = optional_number<int64_t>(limits, "tcp_syncookies");
  const json& range = member(limits, "ip_local_port_range");
  if (!range.is_null()) k.ip_local_port_range = PortRange{number<uint32_t>(range, "low"), number<uint32_t>(range, "high")};
  return k;
}

Result<StatusSummary> decode_status(const json& status) {
  using namespace std::chrono;
  StatusSummary s;
  s.taken_at = system_clock::time_point(milliseconds(number<int64_t>(status, "taken_at_ms")));
  s.poll_duration = duration_cast<nanoseconds>(duration<double, std::milli>(number<double>(status, "poll_ms")));
  const json& counts = member(status, "counts");
  const json& totals = member(status, "totals");
  s.tcp = state_counts(member(counts, "tcp"), number<uint64_t>(totals, "tcp"));
  s.udp = state_counts(member(counts, "udp"), number<uint64_t>(totals, "udp"));
  const json& queues = member(status, "queues");
  s.tcp_queues = queue_totals(member(queues, "tcp"));
  s.udp_queues = queue_totals(member(queues, "udp"));
  const json& listen = member(queues, "listen");
  s.listen = ListenTotals{number<uint64_t>(listen, "listeners"), number<uint64_t>(listen, "accept_queue"),
                          number<uint64_t>(listen, "backlog"), number<uint64_t>(listen, "full")};
  s.sockstat = sockstat(member(status, "sockstat"));
  s.tcp_mem = tcp_memory(member(status, "tcp_mem"));
  s.sysctls = sysctls(status);
  s.sysctls.tcp_mem = s.tcp_mem.limits;
  s.sysctls.page_size = s.tcp_mem.page_size;
  const json& dump = member(status, "dump");
  s.dump.tcp_available = boolean(dump, "tcp_available");
  s.dump.udp_available = boolean(dump, "udp_available");
  s.dump.retries = number<uint32_t>(dump, "retries");
  s.dump.duplicates = number<uint32_t>(dump, "duplicates");
  s.dump.messages = number<uint32_t>(dump, "messages");
  return s;
}

template <typename T, typename Decode>
Result<T> guarded(const char* what, Decode decode) {
  try {
    return decode();
  } catch (const DecodeError& e) {
    return make_error(std::string(what) + ": missing or bad '" + e.field + "'");
  } catch (const std::exception& e) {  // a number out of range for its field
    return make_error(std::string(what) + ": " + e.what());
  }
}

}  // namespace

Result<DecodedSockets> decode_sockets_json(const json& listing) {
  return guarded<DecodedSockets>("socket listing", [&] { return decode_sockets(listing); });
}

Result<StatusSummary> decode_status_json(const json& status) {
  return guarded<StatusSummary>("status", [&] { return decode_status(status); });
}

}  // namespace sockscope

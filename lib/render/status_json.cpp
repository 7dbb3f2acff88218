#include "render/status_json.h"

#include <cctype>
#include <string>

namespace sockscope {

namespace {

using Json = nlohmann::ordered_json;

Json optional_number(const std::optional<int64_t>& value) { return value ? Json(*value) : Json(nullptr); }

Json counts_json(const StateCounts& counts, std::initializer_list<TcpState> always) {
  Json object = Json::object();
  for (TcpState state : always) object[std::string(tcp_state_name(state))] = counts[state];
  // Anything else the kernel reported (UDP in an odd state, an unknown state) is kept too.
  for (size_t i = 0; i < counts.by_state.size(); ++i) {
    auto state = static_cast<TcpState>(i);
    if (counts.by_state[i] > 0 && !object.contains(tcp_state_name(state))) {
      object[std::string(tcp_state_name(state))] = counts.by_state[i];
    }
  }
  return object;
}

Json queues_json(const QueueTotals& q) {
  return Json{{"recv_q", q.recv_q}, {"send_q", q.send_q}, {"with_recv_q", q.with_recv_q}, {"with_send_q", q.with_send_q}};
}

Json triple_json(const std::optional<Triple>& t) {
  if (!t) return nullptr;
  return Json{{"min", t->min}, {"default", t->def}, {"max", t->max}};
}

Json tcp_mem_json(const TcpMemory& mem) {
  auto pages = [&](const std::optional<int64_t>& n) -> Json {
    if (!n) return nullptr;
    return Json{{"pages", *n}, {"bytes", *n * mem.page_size}};
  };
  std::optional<int64_t> min, pressure, max;
  if (mem.limits) {
    min = mem.limits->min;
    pressure = mem.limits->def;
    max = mem.limits->max;
  }
  return Json{{"min", pages(min)},
              {"pressure", pages(pressure)},
              {"max", pages(max)},
              {"in_use", pages(mem.in_use_pages)},
              {"page_size", mem.page_size},
              {"zone", memory_zone_name(mem.zone)},
              {"over_max", mem.over_max}};
}

// Every sockstat line with every key, labels lower-cased: {"tcp": {"inuse": 5, ...}, "tcp6": ...}.
Json sockstat_json(const Sockstat& sockstat) {
  Json object = Json::object();
  for (const auto& [label, keys] : sockstat.lines) {
    std::string name;
    for (char c : label) name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    Json line = Json::object();
    for (const auto& [key, value] : keys) line[key] = value;
    object[name] = std::move(line);
  }
  return object;
}

Json limits_json(const Sysctls& k) {
  Json range = nullptr;
  if (k.ip_local_port_range) {
    const PortRange& r = *k.ip_local_port_range;
    range = Json{{"low", r.low}, {"high", r.high}, {"size", r.size()}};
  }
  return Json{{"somaxconn", optional_number(k.somaxconn)},
              {"tcp_max_syn_backlog", optional_number(k.tcp_max_syn_backlog)},
              {"tcp_max_tw_buckets", optional_number(k.tcp_max_tw_buckets)},
              {"tcp_max_orphans", optional_number(k.tcp_max_orphans)},
              {"tcp_fin_timeout", optional_number(k.tcp_fin_timeout)},
              {"tcp_syncookies", optional_number(k.tcp_syncookies)},
              {"ip_local_port_range", range}};
}

}  // namespace

nlohmann::ordered_json status_to_json(const StatusSummary& s) {
  using namespace std::chrono;
  Json json;
  json["taken_at_ms"] = duration_cast<milliseconds>(s.taken_at.time_since_epoch()).count();
  json["poll_ms"] = duration<double, std::milli>(s.poll_duration).count();
  json["counts"] = {
      {"tcp", counts_json(s.tcp, {TcpState::Established, TcpState::SynSent, TcpState::SynRecv,
                                  TcpState::FinWait1, TcpState::FinWait2, TcpState::TimeWait,
                                  TcpState::Close, TcpState::CloseWait, TcpState::LastAck,
                                  TcpState::Listen, TcpState::Closing})},
      {"udp", counts_json(s.udp, {TcpState::Close, TcpState::Established})}};
  json["totals"] = {{"tcp", s.tcp.total}, {"udp", s.udp.total}};
  json["queues"] = {{"tcp", queues_json(s.tcp_queues)},
                    {"udp", queues_json(s.udp_queues)},
                    {"listen",
                     {{"listeners", s.listen.listeners},
                      {"accept_queue", s.listen.accept_queue},
                      {"backlog", s.listen.backlog},
                      {"full", s.listen.full}}}};
  json["sockstat"] = sockstat_json(s.sockstat);
  json["tcp_mem"] = tcp_mem_json(s.tcp_mem);
  json["tcp_rmem"] = triple_json(s.sysctls.tcp_rmem);
  json["tcp_wmem"] = triple_json(s.sysctls.tcp_wmem);
  json["limits"] = limits_json(s.sysctls);
  json["dump"] = {{"tcp_available", s.dump.tcp_available},
                  {"udp_available", s.dump.udp_available},
                  {"retries", s.dump.retries},
                  {"duplicates", s.dump.duplicates},
                  {"messages", s.dump.messages}};
  return json;
}

}  // namespace sockscope

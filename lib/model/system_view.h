// The host-wide figures one poll reads besides the sockets: TCP sysctls,
// /proc/net/sockstat{,6}, and the kernel's TCP counters.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace sockscope {

struct Triple {
  int64_t min = 0, def = 0, max = 0;  // tcp_mem: min, pressure, max (pages)
};

struct PortRange {
  uint32_t low = 0, high = 0;
  uint32_t size() const { return high >= low ? high - low + 1 : 0; }
};

// Each field is absent when its file could not be read (a kernel without it,
// or a container that hides it); absence is never an error.
struct Sysctls {
  std::optional<Triple> tcp_mem;  // pages
  std::optional<Triple> tcp_rmem;  // bytes
  std::optional<Triple> tcp_wmem;  // bytes
  std::optional<int64_t> somaxconn;
  std::optional<int64_t> tcp_max_syn_backlog;
  std::optional<int64_t> tcp_max_tw_buckets;
  std::optional<int64_t> tcp_max_orphans;
  std::optional<int64_t> tcp_fin_timeout;
  std::optional<int64_t> tcp_keepalive_time;
  std::optional<int64_t> tcp_keepalive_intvl;
  std::optional<int64_t> tcp_keepalive_probes;
  std::optional<int64_t> tcp_retries2;
  std::optional<int64_t> tcp_syncookies;
  std::optional<PortRange> ip_local_port_range;
  int64_t page_size = 4096;  // for converting tcp_mem to bytes
};

// One "PROTO: key value key value ..." line of sockstat, by key.
using SockstatLine = std::map<std::string, int64_t>;

// /proc/net/sockstat and sockstat6 keyed by protocol label ("TCP", "UDP",
// "sockets", "TCP6", ...). Kernels add keys over time, so keep them all.
struct Sockstat {
  std::map<std::string, SockstatLine> lines;
  std::optional<int64_t> get(const std::string& proto, const std::string& key) const;
};

// Counters from /proc/net/netstat and /proc/net/snmp, keyed "Group.Name"
// ("TcpExt.ListenOverflows", "Tcp.OutRsts"), parsed by column name.
struct Counters {
  std::map<std::string, int64_t> values;
  std::optional<int64_t> get(const std::string& key) const;
};

struct SystemView {
  Sysctls sysctls;
  Sockstat sockstat;
  Counters counters;
};

}  // namespace sockscope

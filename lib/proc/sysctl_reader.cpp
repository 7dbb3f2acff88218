#include "proc/sysctl_reader.h"

#include <unistd.h>

#include <optional>

#include "proc/file_text.h"

namespace sockscope {

namespace {

// Reads one sysctl into `field`. A file that cannot be read stays absent
// (an older kernel, or a container hiding it); only bad text is an Error.
template <typename T, typename Parser>
Result<void> read_into(const std::filesystem::path& path, std::optional<T>& field, Parser parse) {
  auto text = read_file_text(path);
  if (!text) return {};
  auto parsed = parse(*text);
  if (!parsed) return make_error(path.string() + ": " + parsed.error().message);
  field = std::move(*parsed);
  return {};
}

}  // namespace

Result<Sysctls> read_sysctls(const std::filesystem::path& proc_root) {
  Sysctls s;
  long page_size = ::sysconf(_SC_PAGESIZE);
  if (page_size > 0) s.page_size = page_size;

  const auto ipv4 = proc_root / "sys/net/ipv4";
  // A braced list runs left to right; every file is read, the first Error wins.
  const Result<void> outcomes[] = {
      read_into(ipv4 / "tcp_mem", s.tcp_mem, parse_triple),
      read_into(ipv4 / "tcp_rmem", s.tcp_rmem, parse_triple),
      read_into(ipv4 / "tcp_wmem", s.tcp_wmem, parse_triple),
      read_into(proc_root / "sys/net/core/somaxconn", s.somaxconn, parse_integer),
      read_into(ipv4 / "tcp_max_syn_backlog", s.tcp_max_syn_backlog, parse_integer),
      read_into(ipv4 / "tcp_max_tw_buckets", s.tcp_max_tw_buckets, parse_integer),
      read_into(ipv4 / "tcp_max_orphans", s.tcp_max_orphans, parse_integer),
      read_into(ipv4 / "tcp_fin_timeout", s.tcp_fin_timeout, parse_integer),
      read_into(ipv4 / "tcp_keepalive_time", s.tcp_keepalive_time, parse_integer),
      read_into(ipv4 / "tcp_keepalive_intvl", s.tcp_keepalive_intvl, parse_integer),
      read_into(ipv4 / "tcp_keepalive_probes", s.tcp_keepalive_probes, parse_integer),
      read_into(ipv4 / "tcp_retries2", s.tcp_retries2, parse_integer),
      read_into(ipv4 / "tcp_syncookies", s.tcp_syncookies, parse_integer),
      read_into(ipv4 / "ip_local_port_range", s.ip_local_port_range, parse_port_range),
  };
  for (const auto& outcome : outcomes)
    if (!outcome) return outcome.error();
  return s;
}

}  // namespace sockscope

// /proc/net/sockstat{,6}, /proc/net/netstat and /proc/net/snmp: pure parsers
// over file text, and readers that take the proc root.
#pragma once

#include <filesystem>
#include <string_view>

#include "model/system_view.h"
#include "util/result.h"

namespace sockscope {

// "TCP: inuse 5 orphan 0 tw 0 alloc 7 mem 1\n..." Lines merge into `into`.
Result<void> parse_sockstat(std::string_view text, Sockstat& into);

// Header/value line pairs ("TcpExt: SyncookiesSent ...\nTcpExt: 0 ...\n"),
// matched by column name; merged into `into` as "TcpExt.SyncookiesSent".
Result<void> parse_counter_table(std::string_view text, Counters& into);

// Reads sockstat, sockstat6, netstat and snmp below proc_root/net.
Result<Sockstat> read_sockstat(const std::filesystem::path& proc_root = "/proc");
Result<Counters> read_counters(const std::filesystem::path& proc_root = "/proc");

}  // namespace sockscope

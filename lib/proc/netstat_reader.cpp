// The readers declared in netstat_reader.h: locate the files below proc_root,
// hand their text to the pure parsers, and name the file in any Error.
#include "proc/netstat_reader.h"

#include <optional>

#include "proc/file_text.h"

namespace sockscope {

namespace {

Error in_file(const std::filesystem::path& path, const Error& error) {
  return Error{path.string() + ": " + error.message, error.err};
}

}  // namespace

Result<Sockstat> read_sockstat(const std::filesystem::path& proc_root) {
  Sockstat sockstat;
  const auto path = proc_root / "net/sockstat";
  auto text = read_file_text(path);
  if (!text) return text.error();
  if (auto parsed = parse_sockstat(*text, sockstat); !parsed) return in_file(path, parsed.error());

  // Absent when IPv6 is disabled; the IPv4 figures still stand.
  const auto path6 = proc_root / "net/sockstat6";
  if (auto text6 = read_file_text(path6)) {
    if (auto parsed = parse_sockstat(*text6, sockstat); !parsed) return in_file(path6, parsed.error());
  }
  return sockstat;
}

Result<Counters> read_counters(const std::filesystem::path& proc_root) {
  Counters counters;
  // A container may hide one of the two files; what is readable still counts.
  std::optional<Error> unreadable;
  bool any = false;
  for (const char* name : {"net/netstat", "net/snmp"}) {
    const auto path = proc_root / name;
    auto text = read_file_text(path);
    if (!text) {
      if (!unreadable) unreadable = text.error();
      continue;
    }
    if (auto parsed = parse_counter_table(*text, counters); !parsed) return in_file(path, parsed.error());
    any = true;
  }
  if (!any) return *unreadable;
  return counters;
}

}  // namespace sockscope

#include "collect/poll.h"

#include <chrono>

#include "proc/netstat_reader.h"
#include "proc/process_scanner.h"
#include "proc/sysctl_reader.h"

namespace sockscope {

Result<Snapshot> poll_snapshot(SocketCollector& collector, const PollOptions& options) {
  Snapshot snapshot;
  snapshot.taken_at = std::chrono::system_clock::now();
  auto started = std::chrono::steady_clock::now();

  CollectResult dumped;
  if (auto done = collector.collect(options.sockets, dumped); !done) return done.error();
  snapshot.sockets = std::move(dumped.sockets);
  snapshot.dump = dumped.stats;

  if (options.system) {
    // Each part is optional: a container may hide some of /proc.
    if (auto sysctls = read_sysctls(options.proc_root)) snapshot.system.sysctls = std::move(*sysctls);
    if (auto sockstat = read_sockstat(options.proc_root)) snapshot.system.sockstat = std::move(*sockstat);
    if (auto counters = read_counters(options.proc_root)) snapshot.system.counters = std::move(*counters);
  }
  if (options.processes) snapshot.processes = scan_processes(options.proc_root);

  snapshot.poll_duration = std::chrono::steady_clock::now() - started;
  return snapshot;
}

}  // namespace sockscope

#include "collect/poll.h"

#include <chrono>

#include "proc/netstat_reader.h"
#include "proc/process_scanner.h"
#include "proc/sysctl_reader.h"

namespace sockscope {

Result<void> poll_snapshot_into(SocketCollector& collector, const PollOptions& options, Snapshot& snapshot) {
  snapshot.taken_at = std::chrono::system_clock::now();
  auto started = std::chrono::steady_clock::now();

  CollectResult dumped;
  dumped.sockets = std::move(snapshot.sockets);  // its capacity is what gets reused
  auto done = collector.collect(options.sockets, dumped);
  snapshot.sockets = std::move(dumped.sockets);
  if (!done) return done.error();
  snapshot.dump = dumped.stats;

  snapshot.system = SystemView{};
  if (options.system) {
    // Each part is optional: a container may hide some of /proc.
    if (auto sysctls = read_sysctls(options.proc_root)) snapshot.system.sysctls = std::move(*sysctls);
    if (auto sockstat = read_sockstat(options.proc_root)) snapshot.system.sockstat = std::move(*sockstat);
    if (auto counters = read_counters(options.proc_root)) snapshot.system.counters = std::move(*counters);
  }
  snapshot.processes = options.processes ? scan_processes(options.proc_root) : ProcessIndex{};

  snapshot.poll_duration = std::chrono::steady_clock::now() - started;
  return {};
}

Result<Snapshot> poll_snapshot(SocketCollector& collector, const PollOptions& options) {
  Snapshot snapshot;
  if (auto done = poll_snapshot_into(collector, options, snapshot); !done) return done.error();
  return snapshot;
}

}  // namespace sockscope

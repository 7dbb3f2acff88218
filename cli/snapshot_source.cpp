#include "snapshot_source.h"

#include "netlink/collector.h"

namespace sockscope::cli {

namespace {

Result<Snapshot> poll_directly(const PollOptions& poll) {
  auto collector = SocketCollector::open();
  if (!collector) return collector.error();
  return poll_snapshot(*collector, poll);
}

}  // namespace

Result<Snapshot> get_snapshot(const GlobalOptions& /*global*/, const PollOptions& poll) {
  return poll_directly(poll);
}

}  // namespace sockscope::cli

// The labelled parts of the metrics, each cut to the top N so the number of
// series stays bounded whatever the host runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/snapshot.h"

namespace sockscope::metrics {

// Listening TCP sockets on one local address and port: one socket, or an
// SO_REUSEPORT group (or sockets bound to different devices), summed.
struct ListenerRow {
  std::string address;  // "0.0.0.0", "::", "127.0.0.1"
  uint16_t port = 0;
  uint64_t accept_queue = 0;  // connections waiting for accept()
  uint64_t backlog = 0;       // the accept queue's limit
  uint64_t sockets = 0;
};

// The `top_n` listeners with the most connections waiting (ties: by port,
// then address).
std::vector<ListenerRow> top_listeners(const Snapshot& snapshot, int top_n);

// Sockets of one state counted per process.
struct ProcessRow {
  int32_t pid = -1;  // -1: no owner known
  std::string comm;
  uint64_t sockets = 0;
};

// CLOSE_WAIT sockets by the process holding them (the first holder, lowest
// pid, as the detectors group them), most first, at most `top_n` rows.
std::vector<ProcessRow> top_close_wait_owners(const Snapshot& snapshot, int top_n);

// TIME_WAIT sockets by process. The kernel's TIME_WAIT minisockets have no
// file and no owner (inode 0), so a socket counts for the process holding a
// TCP listener on its local port (same address or a wildcard one): the
// server side of connections the server closed first. Any other TIME_WAIT
// socket (an outgoing connection's ephemeral port, whose owner closed it and
// is no longer known) counts as unknown.
std::vector<ProcessRow> top_time_wait_owners(const Snapshot& snapshot, int top_n);

}  // namespace sockscope::metrics

// The `sockets` listing as JSON: {"sockets": [{...}, ...]}, one socket per line.
// Written straight into the buffer (no DOM), so 100,000 sockets stay cheap.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "model/process.h"
#include "model/socket_record.h"

namespace sockscope {

// Takes the output in pieces, so 100,000 sockets with tcp_info (about 2 KiB
// each) never sit in memory whole. It must consume `out` (write and clear it).
using ChunkSink = std::function<void(fmt::memory_buffer& out)>;
inline constexpr size_t kJsonChunkBytes = size_t{1} << 20;

// Per socket: proto, family, state (kernel name), local/remote {addr, port},
// recv_q, send_q, inode, cookie, uid, ifindex, timer {kind, expires_ms, count},
// processes [{pid, comm, fd}], and when the kernel gave them: shutdown,
// congestion, tcp_info (only fields inside tcp_info_len), mem.
// With a sink, `out` is handed over whenever it passes kJsonChunkBytes; the
// rest stays in `out` for the caller.
void render_sockets_json(fmt::memory_buffer& out, std::span<const SocketRecord* const> sockets,
                         const ProcessIndex& processes, const ChunkSink& sink = {});

// The daemon sends a listing as one line: {"sockets":[{...},{...}]}. This lays
// it out as render_sockets_json does, one socket per line. False (and
// nothing written) when `compact` is not such a listing.
bool expand_sockets_listing(std::string_view compact, fmt::memory_buffer& out);

// What the daemon's tracker adds to a socket: seconds in the current state and
// when it was first seen (unix seconds); empty when the tracker lacks it.
struct TrackedFields {
  std::optional<double> state_age_s;
  std::optional<double> first_seen;
};

// Which optional parts a socket object carries.
struct SocketJsonParts {
  // With it, the object also has state_age_s and first_seen (null when empty).
  const TrackedFields* tracked = nullptr;
  bool details = true;  // tcp_info and mem, when the kernel gave them
};

// One socket object, no trailing newline. `owners` empty = unknown.
void append_socket_json(fmt::memory_buffer& out, const SocketRecord& socket, std::span<const ProcessRef> owners,
                        const SocketJsonParts& parts = {});

}  // namespace sockscope

// recv_stranded: data waiting in a receive queue that its owner does not
// read, per process.
//
// A socket counts when its receive queue holds at least min_bytes, its state
// and queues have not changed for min_polls polls, and a live process holds
// it (it is in the snapshot's process index). Only the tracker knows "not
// changed", so nothing is found without the daemon. LISTEN sockets are left
// out: their Recv-Q is the accept queue (listen_overflow looks at that). For
// TCP Recv-Q is unread payload; for UDP it is the memory the queued
// datagrams take (sk_rmem_alloc), overhead included.
#include <fmt/format.h>

#include <map>

#include "detect/detect_support.h"
#include "detect/detector_fns.h"
#include "detect/queue_support.h"

namespace sockscope {

namespace {

using namespace queue;

constexpr std::string_view kKind = "recv_stranded";

struct Stranded {
  const SocketRecord* socket = nullptr;
  double still_s = 0;
};

struct ProcessGroup {
  std::span<const ProcessRef> owners;
  int64_t sockets = 0;
  uint64_t queue_bytes = 0;
  double longest_s = 0;
  std::vector<uint64_t> cookies;
  Heaviest<Stranded> heaviest;
};

nlohmann::ordered_json socket_evidence(const Stranded& stranded) {
  const SocketRecord& s = *stranded.socket;
  nlohmann::ordered_json e;
  e["proto"] = proto_name(s.proto);
  e["local"] = format_endpoint(s.family, s.local);
  e["peer"] = format_endpoint(s.family, s.remote);
  if (s.proto == Proto::Tcp) {
    e["state"] = tcp_state_name(user_visible(s.state));
  } else {
    e["state"] = s.state == TcpState::Established ? "connected" : "unconnected";
  }
  e["queue_bytes"] = s.recv_q;
  e["rcvbuf"] = s.mem ? nlohmann::ordered_json(s.mem->rcvbuf) : nlohmann::ordered_json(nullptr);
  e["unchanged_s"] = stranded.still_s;
  return e;
}

Finding process_finding(int32_t pid, ProcessGroup& group) {
  const std::string who = process_subject(group.owners);
  Finding f;
  f.kind = kKind;
  f.id = fmt::format("{}:{}", kKind, pid_key(pid));
  f.severity = Severity::Warning;
  f.subject = who;
  f.summary = fmt::format("{} leaves {} bytes unread on {} socket{}, untouched for {}", who, group.queue_bytes,
                          group.sockets, group.sockets == 1 ? "" : "s", age_text(group.longest_s));

  auto& e = f.evidence;
  put_owner(e, group.owners);
  e["sockets"] = group.sockets;
  e["queue_bytes"] = group.queue_bytes;
  e["oldest_unchanged_s"] = group.longest_s;
  auto& listed = e["stranded"] = nlohmann::ordered_json::array();
  for (const auto& [weight, stranded] : group.heaviest.items()) listed.push_back(socket_evidence(stranded));

  f.advice =
      "The process holds these sockets but has not read the data waiting in them for several polls: its read loop "
      "stopped or skips them. A classic cause is an edge-triggered epoll loop (EPOLLET) that does not read until "
      "EAGAIN, so no new event ever arrives; a worker blocked elsewhere or an fd nobody polls any more do the same. "
      "Once the receive buffer fills, a TCP peer sees a zero window and stalls; UDP datagrams beyond it are dropped.";
  f.sockets = std::move(group.cookies);
  finish_socket_list(f.sockets);
  return f;
}

}  // namespace

void detect_recv_stranded(const DetectorInput& input, std::vector<Finding>& out) {
  const RecvStrandedConfig& config = input.config.recv_stranded;
  if (!config.enabled || input.tracker == nullptr) return;
  const uint64_t min_bytes = static_cast<uint64_t>(std::max<int64_t>(config.min_bytes, 1));

  std::map<int32_t, ProcessGroup> groups;
  for (const SocketRecord& socket : input.snapshot.sockets) {
    if (socket.recv_q < min_bytes) continue;
    if (socket.proto == Proto::Tcp && socket.state == TcpState::Listen) continue;
    const auto owners = owners_of(input.snapshot, socket);
    if (owners.empty()) continue;
    const std::optional<double> still = still_for_polls(input, socket, config.min_polls);
    if (!still) continue;

    ProcessGroup& group = groups[owner_pid(owners)];
    if (group.sockets == 0) group.owners = owners;
    ++group.sockets;
    group.queue_bytes += socket.recv_q;
    group.longest_s = std::max(group.longest_s, *still);
    group.cookies.push_back(socket.cookie);
    group.heaviest.offer(socket.recv_q, Stranded{&socket, *still});
  }

  for (auto& [pid, group] : groups) out.push_back(process_finding(pid, group));
}

}  // namespace sockscope

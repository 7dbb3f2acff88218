// send_stalled: sockets whose writer cannot make progress, per process.
//
// Two signs, either one enough:
// - the zero-window probe (persist) timer runs: the peer advertises a zero
//   receive window because its application does not read. The timer's count
//   (idiag_retrans = icsk_probes_out) is the probes sent since the peer last
//   answered; any ACK resets it, and at tcp_retries2 unanswered probes the
//   kernel aborts the connection (tcp_probe_timer).
// - the send buffer is full and has not moved for min_polls polls (daemon
//   only). The kernel calls it full when sk_wmem_queued >= sk_sndbuf
//   (sk_stream_memory_free): writes then block or fail with EAGAIN.
#include <fmt/format.h>

#include <cstddef>
#include <map>

#include "detect/detect_support.h"
#include "detect/detector_fns.h"
#include "detect/queue_support.h"

namespace sockscope {

namespace {

using namespace queue;

constexpr std::string_view kKind = "send_stalled";

// What fills the send buffer and how big it is. wmem_queued counts skb
// overhead as well as payload, so it reaches sndbuf before send_q does.
// Without SK_MEMINFO the buffer's size is unknown; tcp_wmem's max bounds
// every autotuned buffer, so send_q is judged against that.
struct SendBuffer {
  uint64_t used = 0;
  std::optional<uint64_t> limit;
};

SendBuffer send_buffer(const SocketRecord& socket, const Sysctls& sysctls) {
  if (socket.mem) return {socket.mem->wmem_queued, socket.mem->sndbuf};
  SendBuffer buffer{socket.send_q, std::nullopt};
  if (sysctls.tcp_wmem && sysctls.tcp_wmem->max > 0) buffer.limit = static_cast<uint64_t>(sysctls.tcp_wmem->max);
  return buffer;
}

bool buffer_full(const SendBuffer& buffer, double queue_pct) {
  return buffer.limit && *buffer.limit > 0 && buffer.used > 0 &&
         100.0 * static_cast<double>(buffer.used) >= queue_pct * static_cast<double>(*buffer.limit);
}

// tcp_info grows between kernels: tcpi_snd_wnd exists from Linux 5.4 on.
std::optional<uint32_t> snd_wnd(const SocketRecord& socket) {
  if (socket.tcp_info_len < offsetof(TcpInfo, snd_wnd) + sizeof(socket.tcp_info.snd_wnd)) return std::nullopt;
  return socket.tcp_info.snd_wnd;
}

struct Stalled {
  const SocketRecord* socket = nullptr;
  bool zero_window = false;
  bool buffer_full = false;
  std::optional<double> still_s;
};

struct ProcessGroup {
  std::span<const ProcessRef> owners;
  int64_t sockets = 0, zero_window = 0, buffer_full = 0;
  uint64_t queue_bytes = 0;
  uint32_t most_probes = 0;  // unanswered zero-window probes, the most of any socket
  std::vector<uint64_t> cookies;
  Heaviest<Stalled> heaviest;
};

template <typename T>
nlohmann::ordered_json or_null(const std::optional<T>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json socket_evidence(const Stalled& stalled) {
  const SocketRecord& s = *stalled.socket;
  nlohmann::ordered_json e;
  e["local"] = format_endpoint(s.family, s.local);
  e["peer"] = format_endpoint(s.family, s.remote);
  e["state"] = tcp_state_name(user_visible(s.state));
  e["queue_bytes"] = s.send_q;
  e["wmem_queued"] = s.mem ? nlohmann::ordered_json(s.mem->wmem_queued) : nlohmann::ordered_json(nullptr);
  e["sndbuf"] = s.mem ? nlohmann::ordered_json(s.mem->sndbuf) : nlohmann::ordered_json(nullptr);
  e["used_pct"] = s.mem && s.mem->sndbuf > 0 ? nlohmann::ordered_json(percent_of(s.mem->wmem_queued, s.mem->sndbuf))
                                             : nlohmann::ordered_json(nullptr);
  e["snd_wnd"] = or_null(snd_wnd(s));
  e["zero_window"] = stalled.zero_window;
  e["probes"] = stalled.zero_window ? s.timer.count : 0;
  e["timer"] = timer_kind_name(s.timer.kind);
  e["unchanged_s"] = or_null(stalled.still_s);
  return e;
}

// Critical once some socket's unanswered probes reach half of tcp_retries2:
// the peer has stopped answering and the kernel will soon abort.
int64_t probe_alarm(const Sysctls& sysctls) {
  if (!sysctls.tcp_retries2 || *sysctls.tcp_retries2 <= 0) return 0;
  return (*sysctls.tcp_retries2 + 1) / 2;
}

std::string advice_for(const ProcessGroup& group, bool peer_silent) {
  std::string advice;
  if (group.zero_window > 0) {
    advice =
        "The peer advertises a zero receive window: its application has stopped reading (or reads slower than this "
        "process writes), so writes here block or fail with EAGAIN while data waits in the send buffer. Look at the "
        "peer in the evidence (its Recv-Q will be full) and fix its read loop; on this side, time out stalled peers "
        "(TCP_USER_TIMEOUT also bounds zero-window probing).";
  } else {
    advice =
        "The send buffer is full and has not moved for several polls: the peer acknowledges nothing new, so writes "
        "block or fail with EAGAIN. A retransmit timer on these sockets points to an unreachable peer (see "
        "half_open); otherwise check the peer's read loop and the path between the two.";
  }
  if (peer_silent) {
    advice +=
        " The peer no longer answers the window probes either; the kernel aborts the connection at tcp_retries2 "
        "unanswered probes.";
  }
  return advice;
}

Finding process_finding(const DetectorInput& input, int32_t pid, ProcessGroup& group) {
  const Sysctls& sysctls = input.snapshot.system.sysctls;
  const int64_t alarm = probe_alarm(sysctls);
  const bool peer_silent = alarm > 0 && group.most_probes >= alarm;
  const std::string who = process_subject(group.owners);

  Finding f;
  f.kind = kKind;
  f.id = fmt::format("{}:{}", kKind, pid_key(pid));
  f.severity = peer_silent ? Severity::Critical : Severity::Warning;
  f.subject = who;
  f.summary = fmt::format("{} cannot send on {} socket{}", who, group.sockets, group.sockets == 1 ? "" : "s");
  if (group.zero_window > 0) f.summary += fmt::format(" ({} on a zero window)", group.zero_window);
  f.summary += fmt::format(", {} bytes queued", group.queue_bytes);
  if (peer_silent) f.summary += fmt::format("; {} window probes unanswered", group.most_probes);

  auto& e = f.evidence;
  put_owner(e, group.owners);
  e["sockets"] = group.sockets;
  e["zero_window_sockets"] = group.zero_window;
  e["full_buffer_sockets"] = group.buffer_full;
  e["queue_bytes"] = group.queue_bytes;
  e["most_probes"] = group.most_probes;
  e["tcp_retries2"] = or_null(sysctls.tcp_retries2);
  auto& listed = e["stalled"] = nlohmann::ordered_json::array();
  for (const auto& [weight, stalled] : group.heaviest.items()) listed.push_back(socket_evidence(stalled));

  f.advice = advice_for(group, peer_silent);
  f.sockets = std::move(group.cookies);
  finish_socket_list(f.sockets);
  return f;
}

}  // namespace

void detect_send_stalled(const DetectorInput& input, std::vector<Finding>& out) {
  const SendStalledConfig& config = input.config.send_stalled;
  if (!config.enabled) return;
  const Sysctls& sysctls = input.snapshot.system.sysctls;

  std::map<int32_t, ProcessGroup> groups;
  for (const SocketRecord& socket : input.snapshot.sockets) {
    if (socket.proto != Proto::Tcp || socket.state == TcpState::Listen) continue;
    Stalled stalled{&socket, socket.timer.kind == TimerKind::ZeroWindowProbe, false, std::nullopt};
    // The tracker is consulted only for sockets whose buffer is full.
    if (buffer_full(send_buffer(socket, sysctls), config.queue_pct)) {
      stalled.still_s = still_for_polls(input, socket, config.min_polls);
      stalled.buffer_full = stalled.still_s.has_value();
    }
    if (!stalled.zero_window && !stalled.buffer_full) continue;
    if (!stalled.still_s) stalled.still_s = unchanged_s(input, socket);

    const auto owners = owners_of(input.snapshot, socket);
    ProcessGroup& group = groups[owner_pid(owners)];
    if (group.sockets == 0) group.owners = owners;
    ++group.sockets;
    group.zero_window += stalled.zero_window ? 1 : 0;
    group.buffer_full += stalled.buffer_full ? 1 : 0;
    group.queue_bytes += socket.send_q;
    if (stalled.zero_window) group.most_probes = std::max(group.most_probes, socket.timer.count);
    group.cookies.push_back(socket.cookie);
    group.heaviest.offer(socket.send_q, stalled);
  }

  for (auto& [pid, group] : groups) out.push_back(process_finding(input, pid, group));
}

}  // namespace sockscope

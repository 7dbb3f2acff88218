// close_wait_buildup: CLOSE_WAIT sockets a process keeps open.
//
// CLOSE_WAIT means the peer's FIN arrived and was acknowledged, and the
// application has not closed the socket. The kernel runs no timer in this
// state (net/ipv4/tcp_input.c, tcp_fin(): it only moves the socket to
// CLOSE_WAIT and wakes the reader), so a socket leaves it only when its
// holder calls close() or shutdown(SHUT_WR), or exits: many old ones mean a
// leak in the application.
//
// A socket's age in CLOSE_WAIT is taken as the larger of two lower bounds:
// the tracker's (since the first poll that saw it there) and the kernel's
// tcp_info last_ack_recv (time since the peer last sent anything; its FIN
// opened CLOSE_WAIT, so nothing it sent counts from earlier). The second
// makes ages known in direct mode and for sockets older than the daemon.
//
// "Keeps growing" (critical) needs the tracker. With the window W =
// max(min_age_s, poll interval): the process still holds at least min_count
// CLOSE_WAIT sockets that were already counted W ago (age >= min_age_s + W),
// and at least one more crossed min_age_s within W as the tracker saw it
// enter CLOSE_WAIT. Closed sockets are gone from a dump, so growth is told
// only by survivors: the old ones stayed and new ones keep joining them.
// A socket the tracker found in CLOSE_WAIT at its first poll may have
// entered it any time before, so it never counts as new: only entries seen
// after the earliest poll any socket of this snapshot was first seen at.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "detect/conn_support.h"
#include "detect/detect_support.h"
#include "detect/detector_fns.h"

namespace sockscope {

namespace {

constexpr std::string_view kKind = "close_wait_buildup";
constexpr size_t kListed = 5;

struct Growth {
  double window_s = 0;
  int64_t held_then = 0;  // counted one window ago, and still held
  int64_t arrived = 0;    // crossed min_age_s within the window, entry seen by the tracker
  // When each socket whose tracker age is inside the window entered CLOSE_WAIT.
  std::vector<MonoClock::time_point> candidates;
};

struct ProcessGroup {
  conn::Owner owner;
  int64_t total = 0;         // every CLOSE_WAIT socket the process holds
  int64_t counted = 0;       // at least min_age_s old, or of unknown age
  int64_t unknown_age = 0;
  int64_t over_max_age = 0;
  int64_t eof_unread = 0;    // the application has not read up to the peer's FIN
  std::optional<double> oldest_age_s;
  uint64_t unread_bytes = 0;  // data before the FIN
  Growth growth;
  EndpointCounts ports;
  EndpointCounts peers;
  std::vector<uint64_t> cookies;
};

// The better of the two lower bounds described above; empty when neither
// the tracker nor tcp_info tells anything.
std::optional<double> close_wait_age_s(const DetectorInput& input, const SocketRecord& socket) {
  std::optional<double> age = state_age_s(input, socket);
  if (auto silent_ms = conn::last_ack_recv_ms(socket)) age = std::max(age.value_or(0.0), *silent_ms / 1000.0);
  return age;
}

bool growing(const ProcessGroup& group, const CloseWaitBuildupConfig& config) {
  return group.growth.held_then >= config.min_count && group.growth.arrived > 0;
}

// The earliest poll at which the tracker first saw a socket of this
// snapshot: its own first poll, as long as one socket from then is still
// open (a listener usually is). Empty without a tracker.
std::optional<MonoClock::time_point> earliest_first_seen(const DetectorInput& input) {
  std::optional<MonoClock::time_point> earliest;
  if (input.tracker == nullptr) return earliest;
  for (const SocketRecord& socket : input.snapshot.sockets) {
    const TrackedSocket* tracked = input.tracker->find(socket.cookie);
    if (tracked != nullptr && (!earliest || tracked->first_seen < *earliest)) earliest = tracked->first_seen;
  }
  return earliest;
}

// Counts the candidates whose entry into CLOSE_WAIT the tracker saw happen.
// Walks every socket once more, and only when some group has candidates.
void confirm_arrivals(std::map<int32_t, ProcessGroup>& groups, const DetectorInput& input) {
  std::optional<MonoClock::time_point> earliest;
  bool looked = false;
  for (auto& [pid, group] : groups) {
    Growth& g = group.growth;
    if (g.candidates.empty()) continue;
    if (!looked) {
      earliest = earliest_first_seen(input);
      looked = true;
    }
    if (!earliest) return;
    g.arrived = std::count_if(g.candidates.begin(), g.candidates.end(),
                              [&](MonoClock::time_point since) { return since > *earliest; });
  }
}

std::string summary_of(const ProcessGroup& group, const CloseWaitBuildupConfig& config) {
  std::string text = fmt::format("{} holds {} CLOSE_WAIT socket{}", conn::owner_subject(group.owner), group.counted,
                                 group.counted == 1 ? "" : "s");
  if (group.oldest_age_s) {
    text += fmt::format(", oldest {}", age_text(*group.oldest_age_s));
  } else {
    text += " (ages unknown)";
  }
  if (growing(group, config)) {
    text += fmt::format(", and more keep coming ({} in the last {})", group.growth.arrived,
                        age_text(group.growth.window_s));
  } else if (group.counted < config.min_count && group.over_max_age > 0) {
    text += fmt::format(" (over {})", age_text(config.max_age_s));
  }
  return text;
}

std::string advice_of(const ProcessGroup& group, const nlohmann::ordered_json& ports) {
  std::string port_list;
  for (const auto& item : ports) {
    if (!port_list.empty()) port_list += ", ";
    port_list += std::to_string(item.at("port").get<int>());
  }
  std::string advice = fmt::format(
      "The peers closed their side and {} never called close(): CLOSE_WAIT has no kernel timer, so each socket "
      "and its fd stays until the process closes it or exits.",
      group.owner.known() ? fmt::format("pid {}", group.owner.pid) : std::string("the holder"));
  if (group.eof_unread == group.counted) {
    advice += " None was read to the end (read() never returned 0): the process stopped reading these "
              "connections, as with lost connection objects or stuck workers.";
  } else if (group.eof_unread == 0) {
    advice += " Each was read to the end (read() returned 0), so a close() is missing on the end-of-stream or "
              "error path.";
  } else {
    advice += fmt::format(" {} were never read to the end and the rest were: look for lost connections as well as "
                          "a missing close() after end of stream.",
                          group.eof_unread);
  }
  advice += fmt::format(
      " Look at how it handles connections on local port{} {} (`ss -tnp state close-wait` lists them); restarting "
      "frees them, but only a code fix stops the leak.",
      ports.size() == 1 ? "" : "s", port_list);
  if (!group.owner.known()) {
    advice += " No holder was found: run as root to see every process's fds (sockets still in a listener's accept "
              "queue have none until accept() takes them).";
  } else if (group.unknown_age > 0) {
    advice += " Some ages are unknown without the daemon: sockets still here in a minute are leaked.";
  }
  return advice;
}

Finding finding_of(ProcessGroup& group, const DetectorInput& input) {
  const CloseWaitBuildupConfig& config = input.config.close_wait_buildup;
  const bool have_tracker = input.tracker != nullptr;

  Finding f;
  f.kind = std::string(kKind);
  f.id = fmt::format("{}:{}", kKind, conn::owner_key(group.owner));
  f.severity = growing(group, config) ? Severity::Critical : Severity::Warning;
  f.subject = conn::owner_subject(group.owner);
  f.summary = summary_of(group, config);

  auto& e = f.evidence;
  conn::put_owner(e, group.owner);
  e["count"] = group.counted;
  e["close_wait_total"] = group.total;
  e["oldest_age_s"] = conn::seconds_or_null(group.oldest_age_s);
  e["unknown_age_count"] = group.unknown_age;
  e["over_max_age_count"] = group.over_max_age;
  e["eof_unread_count"] = group.eof_unread;
  e["unread_bytes"] = group.unread_bytes;
  e["growth_window_s"] = have_tracker ? conn::seconds_or_null(group.growth.window_s) : nullptr;
  e["held_window_ago"] = have_tracker ? nlohmann::ordered_json(group.growth.held_then) : nullptr;
  e["new_in_window"] = have_tracker ? nlohmann::ordered_json(group.growth.arrived) : nullptr;
  e["growing"] = have_tracker ? nlohmann::ordered_json(growing(group, config)) : nullptr;
  e["local_ports"] = group.ports.top(kListed, "port");
  e["peers"] = group.peers.top(kListed, "address");

  f.advice = advice_of(group, e["local_ports"]);
  f.sockets = std::move(group.cookies);
  finish_socket_list(f.sockets);
  return f;
}

}  // namespace

void detect_close_wait_buildup(const DetectorInput& input, std::vector<Finding>& out) {
  const CloseWaitBuildupConfig& config = input.config.close_wait_buildup;
  if (!config.enabled) return;

  const double window_s = std::max(config.min_age_s, input.interval_s);

  std::map<int32_t, ProcessGroup> groups;
  for (const SocketRecord& socket : input.snapshot.sockets) {
    if (socket.proto != Proto::Tcp || socket.state != TcpState::CloseWait) continue;
    const conn::Owner owner = conn::first_owner(input.snapshot, socket);
    ProcessGroup& group = groups[owner.pid];
    group.owner = owner;
    ++group.total;

    const std::optional<double> age = close_wait_age_s(input, socket);
    if (age && *age < config.min_age_s) continue;
    ++group.counted;
    if (age) {
      group.oldest_age_s = std::max(group.oldest_age_s.value_or(0.0), *age);
      if (*age >= config.max_age_s) ++group.over_max_age;
      if (*age >= config.min_age_s + window_s) {
        ++group.growth.held_then;
      } else if (auto seen = state_age_s(input, socket); seen && *seen >= config.min_age_s) {
        group.growth.candidates.push_back(input.tracker->find(socket.cookie)->state_since);
      }
    } else {
      ++group.unknown_age;
    }
    // Recv-Q is rcv_nxt - copied_seq, and the FIN takes one sequence number
    // that read() consumes only when it returns 0: a non-empty queue means
    // the end of the stream was never read.
    if (socket.recv_q > 0) {
      ++group.eof_unread;
      group.unread_bytes += socket.recv_q - 1;
    }
    group.ports.add_port(socket.local.port);
    group.peers.add_address(socket.family, socket.remote);
    group.cookies.push_back(socket.cookie);
  }

  confirm_arrivals(groups, input);
  for (auto& [pid, group] : groups) {
    if (group.counted == 0 || (group.counted < config.min_count && group.over_max_age == 0)) continue;
    group.growth.window_s = window_s;
    out.push_back(finding_of(group, input));
  }
}

}  // namespace sockscope

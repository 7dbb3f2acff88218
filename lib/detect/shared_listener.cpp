// shared_listener (info): one listening socket held by several processes, as
// a prefork server has it. A blocking accept() wakes one waiter (the wait is
// exclusive), but every process waiting in poll/select/epoll on the socket
// is woken for each new connection and all but one find nothing: the
// thundering herd. EPOLLEXCLUSIVE (Linux 4.5) wakes one epoll waiter;
// SO_REUSEPORT (Linux 3.9) gives each worker its own socket and accept
// queue, the kernel choosing one by hash for each new connection.
//
// Listening sockets on the same local address and port are an SO_REUSEPORT
// group: they make one finding, raised when any of them is shared by
// min_processes distinct pids, which lists each socket with its holders.
// Needs only the process index, so it works the same in direct mode.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "detect/detect_support.h"
#include "detect/detector_fns.h"

namespace sockscope {

namespace {

constexpr std::string_view kKind = "shared_listener";
constexpr size_t kListedListeners = 16;
constexpr size_t kListedProcesses = 8;
constexpr size_t kNamedComms = 3;

struct Listener {
  const SocketRecord* socket = nullptr;
  std::vector<const ProcessRef*> processes;  // one per distinct pid, in pid order
};

// One holder per pid: a process can hold the socket through several fds.
std::vector<const ProcessRef*> distinct_processes(std::span<const ProcessRef> owners) {
  std::vector<const ProcessRef*> out;
  out.reserve(owners.size());
  for (const ProcessRef& ref : owners) out.push_back(&ref);
  std::sort(out.begin(), out.end(), [](const ProcessRef* a, const ProcessRef* b) { return a->pid < b->pid; });
  out.erase(std::unique(out.begin(), out.end(), [](const ProcessRef* a, const ProcessRef* b) { return a->pid == b->pid; }),
            out.end());
  return out;
}

using AddressKey = std::tuple<Family, std::array<uint8_t, 16>, uint16_t>;

struct Port {
  std::vector<Listener> listeners;
};

nlohmann::ordered_json listener_json(const Listener& l) {
  nlohmann::ordered_json item;
  item["accept_queue"] = l.socket->recv_q;
  item["backlog"] = l.socket->send_q;
  item["process_count"] = l.processes.size();
  nlohmann::ordered_json procs = nlohmann::ordered_json::array();
  for (size_t i = 0; i < l.processes.size() && i < kListedProcesses; ++i) {
    procs.push_back({{"pid", l.processes[i]->pid}, {"comm", l.processes[i]->comm}});
  }
  item["processes"] = std::move(procs);
  return item;
}

Finding finding_of(Port& port, int64_t min_processes) {
  // Most shared first, then in cookie order, so the listing is stable.
  std::sort(port.listeners.begin(), port.listeners.end(), [](const Listener& a, const Listener& b) {
    if (a.processes.size() != b.processes.size()) return a.processes.size() > b.processes.size();
    return a.socket->cookie < b.socket->cookie;
  });
  const SocketRecord& first = *port.listeners.front().socket;
  const std::string local = format_endpoint(first.family, first.local);

  std::vector<int32_t> pids;
  std::vector<std::string_view> comms;
  int64_t shared = 0;
  for (const Listener& l : port.listeners) {
    if (static_cast<int64_t>(l.processes.size()) >= min_processes) ++shared;
    for (const ProcessRef* p : l.processes) {
      pids.push_back(p->pid);
      if (std::find(comms.begin(), comms.end(), p->comm) == comms.end()) comms.push_back(p->comm);
    }
  }
  std::sort(pids.begin(), pids.end());
  pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
  std::string comm_text;
  for (size_t i = 0; i < comms.size() && i < kNamedComms; ++i) comm_text += fmt::format("{}{}", i ? ", " : "", comms[i]);
  if (comms.size() > kNamedComms) comm_text += ", ...";

  const size_t sockets = port.listeners.size();
  Finding f;
  f.kind = std::string(kKind);
  f.id = fmt::format("{}:{}", kKind, local);
  f.severity = Severity::Info;
  f.subject = local;
  if (sockets == 1) {
    f.summary = fmt::format("{}: one listening socket shared by {} process{} ({}); each new connection can wake "
                            "all of them",
                            local, pids.size(), pids.size() == 1 ? "" : "es", comm_text);
  } else {
    f.summary = fmt::format("{}: {} SO_REUSEPORT listening sockets, {} of them shared by several processes; {} "
                            "processes in all ({})",
                            local, sockets, shared, pids.size(), comm_text);
  }

  auto& e = f.evidence;
  e["local"] = local;
  e["port"] = first.local.port;
  e["processes"] = pids.size();
  e["listening_sockets"] = sockets;
  e["shared_sockets"] = shared;
  e["reuseport"] = sockets > 1;
  nlohmann::ordered_json listed = nlohmann::ordered_json::array();
  for (size_t i = 0; i < sockets && i < kListedListeners; ++i) listed.push_back(listener_json(port.listeners[i]));
  e["listeners"] = std::move(listed);

  f.advice =
      "Several processes wait on the same listening socket, as prefork servers do. A blocking accept() wakes only "
      "one of them, but processes waiting in epoll, poll or select are all woken for every new connection and all "
      "but one find nothing (the thundering herd), which costs CPU and latency at high connection rates. Register "
      "the listener with EPOLLEXCLUSIVE (Linux 4.5+) so that one waiter wakes, or give each worker its own socket "
      "with SO_REUSEPORT (Linux 3.9+, nginx `listen ... reuseport`), where the kernel picks one per connection. "
      "If only one of these processes accepts, the others hold the socket by accident: close it in the child "
      "after fork(), and open it with SOCK_CLOEXEC so that programs the child runs do not inherit it.";
  for (const Listener& l : port.listeners) f.sockets.push_back(l.socket->cookie);
  finish_socket_list(f.sockets);
  return f;
}

}  // namespace

void detect_shared_listener(const DetectorInput& input, std::vector<Finding>& out) {
  const SharedListenerConfig& config = input.config.shared_listener;
  if (!config.enabled) return;
  // A listener nobody is known to hold is never "shared".
  const int64_t min_processes = std::max<int64_t>(1, config.min_processes);

  std::map<AddressKey, Port> ports;
  for (const SocketRecord& socket : input.snapshot.sockets) {
    if (socket.proto != Proto::Tcp || socket.state != TcpState::Listen) continue;
    ports[{socket.family, socket.local.addr, socket.local.port}].listeners.push_back(
        Listener{&socket, distinct_processes(owners_of(input.snapshot, socket))});
  }

  for (auto& [key, port] : ports) {
    const bool shared = std::any_of(port.listeners.begin(), port.listeners.end(), [&](const Listener& l) {
      return static_cast<int64_t>(l.processes.size()) >= min_processes;
    });
    if (shared) out.push_back(finding_of(port, min_processes));
  }
}

}  // namespace sockscope

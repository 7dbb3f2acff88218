#include "metrics/top_lists.h"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>
#include <utility>

#include "detect/conn_support.h"

namespace sockscope::metrics {

namespace {

template <typename Row, typename Less>
std::vector<Row> first_n(std::vector<Row> rows, int top_n, Less less) {
  const size_t keep = static_cast<size_t>(std::max(top_n, 0));
  if (rows.size() > keep) {
    std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(keep), rows.end(), less);
    rows.resize(keep);
  } else {
    std::sort(rows.begin(), rows.end(), less);
  }
  return rows;
}

// Most sockets first; then by pid, the unknown owner (-1) first.
bool more_sockets(const ProcessRow& a, const ProcessRow& b) {
  return std::tie(b.sockets, a.pid) < std::tie(a.sockets, b.pid);
}

class ProcessCounts {
 public:
  void add(const conn::Owner& owner) {
    ProcessRow& row = rows_[owner.known() ? owner.pid : -1];
    if (row.sockets == 0) {
      row.pid = owner.known() ? owner.pid : -1;
      row.comm = owner.known() ? std::string(owner.comm) : std::string();
    }
    ++row.sockets;
  }
  std::vector<ProcessRow> top(int top_n) && {
    std::vector<ProcessRow> rows;
    rows.reserve(rows_.size());
    for (auto& [pid, row] : rows_) rows.push_back(std::move(row));
    return first_n(std::move(rows), top_n, more_sockets);
  }

 private:
  std::map<int32_t, ProcessRow> rows_;
};

bool is_tcp_in(const SocketRecord& socket, TcpState state) {
  return socket.proto == Proto::Tcp && user_visible(socket.state) == state;
}

// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address it maps.
Endpoint unmapped(Family family, const Endpoint& endpoint, Family& as_family) {
  static constexpr std::array<uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  as_family = family;
  if (family != Family::Inet6 || !std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), endpoint.addr.begin())) {
    return endpoint;
  }
  Endpoint v4;
  std::copy(endpoint.addr.begin() + 12, endpoint.addr.end(), v4.addr.begin());
  v4.port = endpoint.port;
  as_family = Family::Inet;
  return v4;
}

// Whether a listener bound to `listener` accepts connections to `local`:
// the same address, or a wildcard of the same family (an IPv6 wildcard
// also takes IPv4 unless IPV6_V6ONLY, which the dump does not tell).
bool listener_covers(const SocketRecord& listener, Family family, const Endpoint& local) {
  if (listener.local.port != local.port) return false;
  if (is_unspecified(listener.family, listener.local))
    return listener.family == family || listener.family == Family::Inet6;
  Family listener_family;
  Family local_family;
  const Endpoint a = unmapped(listener.family, listener.local, listener_family);
  const Endpoint b = unmapped(family, local, local_family);
  return listener_family == local_family && a.addr == b.addr;
}

}  // namespace

std::vector<ListenerRow> top_listeners(const Snapshot& snapshot, int top_n) {
  std::map<std::pair<std::string, uint16_t>, ListenerRow> groups;
  for (const SocketRecord& socket : snapshot.sockets) {
    if (!is_tcp_in(socket, TcpState::Listen)) continue;
    std::string address = format_address(socket.family, socket.local);
    ListenerRow& row = groups[{address, socket.local.port}];
    if (row.sockets == 0) {
      row.address = std::move(address);
      row.port = socket.local.port;
    }
    row.accept_queue += socket.recv_q;
    row.backlog += socket.send_q;
    ++row.sockets;
  }
  std::vector<ListenerRow> rows;
  rows.reserve(groups.size());
  for (auto& [key, row] : groups) rows.push_back(std::move(row));
  return first_n(std::move(rows), top_n, [](const ListenerRow& a, const ListenerRow& b) {
    return std::tie(b.accept_queue, a.port, a.address) < std::tie(a.accept_queue, b.port, b.address);
  });
}

std::vector<ProcessRow> top_close_wait_owners(const Snapshot& snapshot, int top_n) {
  ProcessCounts counts;
  for (const SocketRecord& socket : snapshot.sockets) {
    if (is_tcp_in(socket, TcpState::CloseWait)) counts.add(conn::first_owner(snapshot, socket));
  }
  return std::move(counts).top(top_n);
}

std::vector<ProcessRow> top_time_wait_owners(const Snapshot& snapshot, int top_n) {
  // Listeners by port; a port rarely has more than a few.
  std::multimap<uint16_t, const SocketRecord*> listeners;
  for (const SocketRecord& socket : snapshot.sockets) {
    if (is_tcp_in(socket, TcpState::Listen)) listeners.emplace(socket.local.port, &socket);
  }
  ProcessCounts counts;
  for (const SocketRecord& socket : snapshot.sockets) {
    if (!is_tcp_in(socket, TcpState::TimeWait)) continue;
    conn::Owner owner;
    auto [begin, end] = listeners.equal_range(socket.local.port);
    for (auto it = begin; it != end && !owner.known(); ++it) {
      if (listener_covers(*it->second, socket.family, socket.local)) owner = conn::first_owner(snapshot, *it->second);
    }
    counts.add(owner);
  }
  return std::move(counts).top(top_n);
}

}  // namespace sockscope::metrics

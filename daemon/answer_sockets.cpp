// sockets: the CLI's socket objects, plus what only the daemon knows (how
// long each socket has been in its state, and since when it exists).
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "answers.h"
#include "filter/socket_filter.h"
#include "filter/sort_key.h"
#include "render/socket_json.h"

namespace sockscope::daemon {

namespace {

// Oldest state first; sockets the tracker does not know go last.
void sort_by_age(std::vector<const SocketRecord*>& sockets, const Tracker& tracker) {
  auto since = [&](const SocketRecord* s) {
    const TrackedSocket* t = tracker.find(s->cookie);
    return t ? t->state_since : MonoClock::time_point::max();
  };
  std::stable_sort(sockets.begin(), sockets.end(),
                   [&](const SocketRecord* a, const SocketRecord* b) { return since(a) < since(b); });
}

// append_socket_json closes its object; the tracker's fields go inside it.
void append_tracked_fields(fmt::memory_buffer& out, const TrackedSocket* tracked, const Poller& poller,
                           MonoClock::time_point now) {
  if (out.size() == 0 || out[out.size() - 1] != '}') return;  // not the object we expect: leave it whole
  out.resize(out.size() - 1);
  if (tracked == nullptr) {
    out.append(std::string_view(R"(,"state_age_s":null,"first_seen":null})"));
    return;
  }
  double age = std::chrono::duration<double>(now - tracked->state_since).count();
  auto first_seen = poller.to_wall(tracked->first_seen);
  double first_seen_s = std::chrono::duration<double>(first_seen.time_since_epoch()).count();
  fmt::format_to(std::back_inserter(out), R"(,"state_age_s":{:.3f},"first_seen":{:.3f}}})", std::max(age, 0.0),
                 first_seen_s);
}

}  // namespace

std::string answer_sockets(const ipc::Request& request, const Snapshot& snapshot, const Poller& poller,
                           MonoClock::time_point now) {
  const SocketFilter& filter = request.socket_filter;
  if (filter.needs_processes() && snapshot.processes.processes_scanned == 0) {
    return ipc::encode_error({ipc::error_code::kBadFilter,
                              "a process filter needs the daemon's process scan (collect.processes = false)",
                              request.id});
  }
  auto selected = select_sockets(snapshot.sockets, filter, snapshot.processes);
  if (request.sort == "age") {
    sort_by_age(selected, poller.tracker());
  } else if (request.sort) {
    auto key = parse_sort_key(*request.sort);
    if (!key) return ipc::encode_error({ipc::error_code::kBadFilter, key.error().message, request.id});
    sort_sockets(selected, *key);
  }

  fmt::memory_buffer out;
  out.append(ipc::result_head(ipc::Method::Sockets, request.id));
  out.append(std::string_view(R"({"sockets":[)"));
  bool first = true;
  fmt::memory_buffer object;  // one socket at a time, so the splice sees only it
  for (const SocketRecord* socket : selected) {
    if (!first) out.push_back(',');
    first = false;
    const std::vector<ProcessRef>* owners =
        request.processes && socket->inode ? snapshot.processes.find(socket->inode) : nullptr;
    object.clear();
    append_socket_json(object, *socket, owners);
    append_tracked_fields(object, poller.tracker().find(socket->cookie), poller, now);
    out.append(object);
  }
  out.append(std::string_view("]}"));
  out.append(ipc::kResultTail);
  return fmt::to_string(out);
}

}  // namespace sockscope::daemon

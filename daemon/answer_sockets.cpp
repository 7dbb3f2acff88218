// sockets: the CLI's socket objects, plus what only the daemon knows (how
// long each socket has been in its state, and since when it exists).
#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <iterator>

#include "answers.h"
#include "monitor/listing.h"
#include "render/socket_json.h"

namespace sockscope::daemon {

namespace {

TrackedFields tracked_fields(const TrackedSocket* tracked, const Poller& poller, MonoClock::time_point now) {
  if (tracked == nullptr) return {};
  auto first_seen = poller.to_wall(tracked->first_seen);
  return TrackedFields{std::max(std::chrono::duration<double>(now - tracked->state_since).count(), 0.0),
                       std::chrono::duration<double>(first_seen.time_since_epoch()).count()};
}

// The sockets after the head, a piece at a time. Ages are taken when the
// request is answered, so a later poll cannot change what this answer says.
class SocketsStream : public AnswerStream {
 public:
  struct Item {
    const SocketRecord* socket;
    TrackedFields tracked;
  };

  SocketsStream(std::shared_ptr<const Snapshot> snapshot, std::vector<Item> items, bool processes, bool details)
      : snapshot_(std::move(snapshot)), items_(std::move(items)), processes_(processes), details_(details) {}

  bool next(std::string& out) override {
    fmt::memory_buffer piece;
    while (next_ < items_.size() && piece.size() < kPieceBytes) {
      const Item& item = items_[next_];
      if (next_ > 0) piece.push_back(',');
      ++next_;
      auto owners = processes_ && item.socket->inode ? snapshot_->processes.find(item.socket->inode)
                                                     : std::span<const ProcessRef>();
      append_socket_json(piece, *item.socket, owners, SocketJsonParts{&item.tracked, details_});
    }
    const bool done = next_ == items_.size();
    if (done) {
      piece.append(std::string_view("]}"));
      piece.append(ipc::kResultTail);
    }
    out.append(piece.data(), piece.size());
    return !done;
  }

 private:
  std::shared_ptr<const Snapshot> snapshot_;
  std::vector<Item> items_;
  bool processes_;
  bool details_;
  size_t next_ = 0;
};

Answer error_answer(const ipc::ProtocolError& error) { return {ipc::encode_error(error), nullptr}; }

}  // namespace

Answer answer_sockets(const ipc::Request& request, std::shared_ptr<const Snapshot> snapshot, const Poller& poller,
                      MonoClock::time_point now) {
  const SocketFilter& filter = request.socket_filter;
  if (filter.needs_processes() && snapshot->processes.processes_scanned == 0) {
    return error_answer({ipc::error_code::kBadFilter,
                         "a process filter needs the daemon's process scan (collect.processes = false)", request.id});
  }
  ListingOrder order;
  if (request.sort) {
    auto parsed = parse_listing_order(*request.sort);
    if (!parsed) return error_answer({ipc::error_code::kBadFilter, parsed.error().message, request.id});
    order = *parsed;
  }
  auto selected = select_listing(*snapshot, filter, order, poller.tracker());
  const size_t matched = selected.size();
  const uint64_t offset =
      cut_listing(selected, ListingWindow{request.offset.value_or(0), request.limit, request.anchor, request.anchor_row});

  std::vector<SocketsStream::Item> items;
  items.reserve(selected.size());
  for (const SocketRecord* socket : selected) {
    items.push_back({socket, tracked_fields(poller.tracker().find(socket->cookie), poller, now)});
  }
  std::string head = ipc::result_head(ipc::Method::Sockets, request.id);
  const bool windowed = request.limit || request.offset || request.anchor;
  head += windowed ? fmt::format(R"({{"total":{},"offset":{},"sockets":[)", matched, offset)
                   : std::string(R"({"sockets":[)");
  return {std::move(head), std::make_unique<SocketsStream>(std::move(snapshot), std::move(items), request.processes,
                                                         request.details)};
}

}  // namespace sockscope::daemon

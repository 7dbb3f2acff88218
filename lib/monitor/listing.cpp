#include "monitor/listing.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace sockscope {

Result<ListingOrder> parse_listing_order(std::string_view text) {
  std::string key;
  for (char c : text) {
    if (c != '-' && c != '_') key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (key == "age") return ListingOrder{SortKey::None, true};
  auto sort_key = parse_sort_key(text);
  if (!sort_key) {
    return make_error("unknown sort key '" + std::string(text) + "' (expected one of: recvq, sendq, state, age)");
  }
  return ListingOrder{*sort_key, false};
}

std::vector<const SocketRecord*> select_listing(const Snapshot& snapshot, const SocketFilter& filter,
                                                const ListingOrder& order, const Tracker& tracker) {
  auto selected = select_sockets(snapshot.sockets, filter, snapshot.processes);
  if (order.by_age) {
    auto since = [&](const SocketRecord* s) {
      const TrackedSocket* t = tracker.find(s->cookie);
      return t ? t->state_since : MonoClock::time_point::max();
    };
    std::stable_sort(selected.begin(), selected.end(),
                     [&](const SocketRecord* a, const SocketRecord* b) { return since(a) < since(b); });
  } else {
    sort_sockets(selected, order.key);
  }
  return selected;
}

uint64_t cut_listing(std::vector<const SocketRecord*>& listing, const ListingWindow& window) {
  uint64_t offset = window.offset;
  if (window.anchor) {
    auto found = std::find_if(listing.begin(), listing.end(),
                              [&](const SocketRecord* s) { return s->cookie == *window.anchor; });
    if (found != listing.end()) {
      const auto position = static_cast<uint64_t>(found - listing.begin());
      offset = position > window.anchor_row ? position - window.anchor_row : 0;
    }
  }
  offset = std::min<uint64_t>(offset, listing.size());
  listing.erase(listing.begin(), listing.begin() + static_cast<std::ptrdiff_t>(offset));
  if (window.limit && listing.size() > *window.limit) listing.resize(static_cast<size_t>(*window.limit));
  return offset;
}

}  // namespace sockscope

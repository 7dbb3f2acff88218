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

}  // namespace sockscope

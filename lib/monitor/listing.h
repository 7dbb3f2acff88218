// The sockets a listing shows, in the order asked for: the daemon's `sockets`
// answer and a direct `watch` pick them the same way. "age" orders by how
// long each socket has been in its state, which only a Tracker knows.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "filter/socket_filter.h"
#include "filter/sort_key.h"
#include "model/snapshot.h"
#include "track/tracker.h"
#include "util/result.h"

namespace sockscope {

struct ListingOrder {
  SortKey key = SortKey::None;
  bool by_age = false;  // longest in its current state first; untracked sockets last
};

// "age", or any word parse_sort_key takes. An Error names the bad word.
Result<ListingOrder> parse_listing_order(std::string_view text);

// Matching sockets in order. Ties keep dump order.
std::vector<const SocketRecord*> select_listing(const Snapshot& snapshot, const SocketFilter& filter,
                                                const ListingOrder& order, const Tracker& tracker);

}  // namespace sockscope

// The sockets a listing shows, in the order asked for: the daemon's `sockets`
// answer and a direct `watch` pick them the same way. "age" orders by how
// long each socket has been in its state, which only a Tracker knows.
#pragma once

#include <cstdint>
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

// A part of a listing: at most `limit` sockets from position `offset`. With
// an anchor whose socket is listed, the part moves so that the anchor's
// socket is its `anchor_row`th row (or as near as the listing's top
// allows): a client scrolled far down a listing that shifts between polls
// gets the rows around its socket, wherever it went.
struct ListingWindow {
  uint64_t offset = 0;
  std::optional<uint64_t> limit;
  std::optional<uint64_t> anchor;  // a socket cookie
  uint64_t anchor_row = 0;
};

// Cuts `listing` to `window`; returns the position in the whole listing of
// the first socket kept (at most listing.size()).
uint64_t cut_listing(std::vector<const SocketRecord*>& listing, const ListingWindow& window);

}  // namespace sockscope

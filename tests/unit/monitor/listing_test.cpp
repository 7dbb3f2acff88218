#include "monitor/listing.h"

#include <gtest/gtest.h>

#include <vector>

#include "../synthetic.h"

namespace sockscope {
namespace {

// Sockets with cookies 1..count, in that order.
std::vector<SocketRecord> numbered(uint64_t count) {
  std::vector<SocketRecord> records;
  for (uint64_t cookie = 1; cookie <= count; ++cookie) {
    records.push_back(test::record(Proto::Tcp, TcpState::Established, "10.0.0.1", 80, "10.0.0.2",
                                   static_cast<uint16_t>(1000 + cookie)));
    records.back().cookie = cookie;
  }
  return records;
}

std::vector<uint64_t> cookies(const std::vector<const SocketRecord*>& listing) {
  std::vector<uint64_t> result;
  for (const SocketRecord* socket : listing) result.push_back(socket->cookie);
  return result;
}

std::vector<const SocketRecord*> pointers(const std::vector<SocketRecord>& records) {
  std::vector<const SocketRecord*> result;
  for (const auto& record : records) result.push_back(&record);
  return result;
}

TEST(CutListing, OffsetAndLimit) {
  const auto records = numbered(10);
  auto listing = pointers(records);
  EXPECT_EQ(cut_listing(listing, ListingWindow{3, 4, std::nullopt, 0}), 3u);
  EXPECT_EQ(cookies(listing), (std::vector<uint64_t>{4, 5, 6, 7}));

  listing = pointers(records);
  EXPECT_EQ(cut_listing(listing, ListingWindow{}), 0u);
  EXPECT_EQ(listing.size(), 10u);

  listing = pointers(records);
  EXPECT_EQ(cut_listing(listing, ListingWindow{25, 4, std::nullopt, 0}), 10u) << "past the end: nothing, at the end";
  EXPECT_TRUE(listing.empty());
}

TEST(CutListing, AListedAnchorTakesItsRowInTheWindow) {
  const auto records = numbered(100);
  auto listing = pointers(records);
  // Cookie 60 sits at position 59: with 5 rows before it, the window starts at 54.
  EXPECT_EQ(cut_listing(listing, ListingWindow{0, 10, 60, 5}), 54u);
  EXPECT_EQ(cookies(listing), (std::vector<uint64_t>{55, 56, 57, 58, 59, 60, 61, 62, 63, 64}));

  // Near the top there are not that many rows before it.
  listing = pointers(records);
  EXPECT_EQ(cut_listing(listing, ListingWindow{50, 3, 2, 5}), 0u);
  EXPECT_EQ(cookies(listing), (std::vector<uint64_t>{1, 2, 3}));

  // An anchor no longer listed: the offset decides.
  listing = pointers(records);
  EXPECT_EQ(cut_listing(listing, ListingWindow{90, 3, 4242, 1}), 90u);
  EXPECT_EQ(cookies(listing), (std::vector<uint64_t>{91, 92, 93}));
}

}  // namespace
}  // namespace sockscope

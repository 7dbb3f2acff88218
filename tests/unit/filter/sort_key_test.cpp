#include "filter/sort_key.h"

#include <gtest/gtest.h>

#include "../synthetic.h"

namespace sockscope {
namespace {

TEST(SortKey, Parses) {
  EXPECT_EQ(*parse_sort_key("recvq"), SortKey::RecvQ);
  EXPECT_EQ(*parse_sort_key("Recv-Q"), SortKey::RecvQ);
  EXPECT_EQ(*parse_sort_key("send_q"), SortKey::SendQ);
  EXPECT_EQ(*parse_sort_key("sendq"), SortKey::SendQ);
  EXPECT_EQ(*parse_sort_key("state"), SortKey::State);
  EXPECT_EQ(parse_sort_key("pid").error().message, "unknown sort key 'pid' (expected one of: recvq, sendq, state)");
  EXPECT_EQ(parse_sort_key("").error().message, "unknown sort key '' (expected one of: recvq, sendq, state)");
}

TEST(SortKey, SortsStably) {
  std::vector<SocketRecord> records(5);
  uint32_t recv[] = {5, 100, 5, 0, 100};
  TcpState states[] = {TcpState::Listen, TcpState::Established, TcpState::NewSynRecv, TcpState::TimeWait,
                       TcpState::Established};
  for (size_t i = 0; i < records.size(); ++i) {
    records[i].recv_q = recv[i];
    records[i].send_q = static_cast<uint32_t>(i);
    records[i].state = states[i];
    records[i].cookie = i;
  }
  auto order = [&](SortKey key) {
    std::vector<const SocketRecord*> p;
    for (const auto& r : records) p.push_back(&r);
    sort_sockets(p, key);
    std::vector<uint64_t> cookies;
    for (const auto* r : p) cookies.push_back(r->cookie);
    return cookies;
  };
  EXPECT_EQ(order(SortKey::None), (std::vector<uint64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(order(SortKey::RecvQ), (std::vector<uint64_t>{1, 4, 0, 2, 3}));
  EXPECT_EQ(order(SortKey::SendQ), (std::vector<uint64_t>{4, 3, 2, 1, 0}));
  // NewSynRecv sorts as SYN_RECV, before TIME_WAIT and LISTEN.
  EXPECT_EQ(order(SortKey::State), (std::vector<uint64_t>{1, 4, 2, 3, 0}));
}

}  // namespace
}  // namespace sockscope

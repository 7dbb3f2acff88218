#include "filter/sort_key.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace sockscope {

Result<SortKey> parse_sort_key(std::string_view text) {
  std::string key;
  for (char c : text) {
    if (c != '-' && c != '_') key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (key == "recvq") return SortKey::RecvQ;
  if (key == "sendq") return SortKey::SendQ;
  if (key == "state") return SortKey::State;
  return make_error("unknown sort key '" + std::string(text) + "' (expected one of: recvq, sendq, state)");
}

void sort_sockets(std::vector<const SocketRecord*>& sockets, SortKey key) {
  auto by = [&sockets](auto less) { std::stable_sort(sockets.begin(), sockets.end(), less); };
  switch (key) {
    case SortKey::None:
      return;
    case SortKey::RecvQ:
      return by([](const SocketRecord* a, const SocketRecord* b) { return a->recv_q > b->recv_q; });
    case SortKey::SendQ:
      return by([](const SocketRecord* a, const SocketRecord* b) { return a->send_q > b->send_q; });
    case SortKey::State:
      return by([](const SocketRecord* a, const SocketRecord* b) {
        return user_visible(a->state) < user_visible(b->state);
      });
  }
}

}  // namespace sockscope

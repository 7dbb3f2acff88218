#include "model/tcp_state.h"

#include <array>
#include <cctype>
#include <string>

namespace sockscope {

namespace {
constexpr std::array<std::string_view, kTcpStateCount> kNames = {
    "UNKNOWN",  "ESTABLISHED", "SYN_SENT",   "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
    "CLOSE",    "CLOSE_WAIT",  "LAST_ACK",   "LISTEN",   "CLOSING",   "SYN_RECV",
};
}  // namespace

std::string_view tcp_state_name(TcpState s) {
  auto index = static_cast<size_t>(s);
  return index < kNames.size() ? kNames[index] : kNames[0];
}

std::optional<TcpState> parse_tcp_state(std::string_view text) {
  std::string canonical;
  canonical.reserve(text.size());
  for (char c : text) {
    canonical.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  // ss spells a few states differently; accept those too.
  if (canonical == "ESTAB") canonical = "ESTABLISHED";
  if (canonical == "SYN_RECEIVED") canonical = "SYN_RECV";
  if (canonical == "CLOSED") canonical = "CLOSE";
  if (canonical == "LISTENING") canonical = "LISTEN";
  for (size_t i = 1; i + 1 < kNames.size(); ++i) {
    if (kNames[i] == canonical) return static_cast<TcpState>(i);
  }
  return std::nullopt;
}

}  // namespace sockscope

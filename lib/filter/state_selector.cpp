#include "filter/state_selector.h"

#include <array>
#include <cctype>

namespace sockscope {

namespace {

struct Selector {
  std::string_view name;
  StateMask mask;
};

// Canonical spellings first (kNameList repeats them for errors), then aliases.
constexpr std::array<Selector, 21> kSelectors = {{
    {"established", state_bit(TcpState::Established)},
    {"syn-sent", state_bit(TcpState::SynSent)},
    {"syn-recv", kSynRecvStates},
    {"fin-wait-1", state_bit(TcpState::FinWait1)},
    {"fin-wait-2", state_bit(TcpState::FinWait2)},
    {"time-wait", state_bit(TcpState::TimeWait)},
    {"close", state_bit(TcpState::Close)},
    {"close-wait", state_bit(TcpState::CloseWait)},
    {"last-ack", state_bit(TcpState::LastAck)},
    {"listen", state_bit(TcpState::Listen)},
    {"closing", state_bit(TcpState::Closing)},
    {"connected", kConnectedStates},
    {"synchronized", kSynchronizedStates},
    {"bucket", kBucketStates},
    {"big", kBigStates},
    {"all", kAllStates},
    // ss's own table labels and other common spellings.
    {"estab", state_bit(TcpState::Established)},
    {"syn-received", kSynRecvStates},
    {"closed", state_bit(TcpState::Close)},
    {"unconn", state_bit(TcpState::Close)},
    {"listening", state_bit(TcpState::Listen)},
}};
constexpr std::string_view kNameList =
    "established, syn-sent, syn-recv, fin-wait-1, fin-wait-2, time-wait, close, close-wait, "
    "last-ack, listen, closing, connected, synchronized, bucket, big, all";

// Lower case with '-' for '_', and the kernel's "fin-wait1" spelled "fin-wait-1".
std::string canonical(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 1);
  for (char c : text) {
    out.push_back(c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (out == "fin-wait1" || out == "fin-wait2") out.insert(out.size() - 1, "-");
  return out;
}

}  // namespace

std::string_view state_selector_names() { return kNameList; }

Result<StateMask> parse_state_selector(std::string_view text) {
  std::string key = canonical(text);
  for (const auto& selector : kSelectors) {
    if (selector.name == key) return selector.mask;
  }
  return make_error("unknown state '" + std::string(text) + "' (expected one of: " +
                    std::string(kNameList) + ")");
}

Result<StateMask> parse_state_selectors(std::span<const std::string> texts) {
  if (texts.empty()) return kAllStates;
  StateMask mask = 0;
  for (const auto& text : texts) {
    auto one = parse_state_selector(text);
    if (!one) return one.error();
    mask |= *one;
  }
  return mask;
}

}  // namespace sockscope

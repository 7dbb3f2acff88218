#include "filter/state_selector.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sockscope {
namespace {

StateMask mask_of(std::string_view text) {
  auto parsed = parse_state_selector(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? *parsed : 0;
}

std::string error_of(std::string_view text) {
  auto parsed = parse_state_selector(text);
  EXPECT_FALSE(parsed.ok()) << text;
  return parsed.ok() ? "" : parsed.error().message;
}

TEST(StateSelector, EveryStateByCliName) {
  EXPECT_EQ(mask_of("established"), state_bit(TcpState::Established));
  EXPECT_EQ(mask_of("syn-sent"), state_bit(TcpState::SynSent));
  EXPECT_EQ(mask_of("syn-recv"), state_bit(TcpState::SynRecv) | state_bit(TcpState::NewSynRecv));
  EXPECT_EQ(mask_of("fin-wait-1"), state_bit(TcpState::FinWait1));
  EXPECT_EQ(mask_of("fin-wait-2"), state_bit(TcpState::FinWait2));
  EXPECT_EQ(mask_of("time-wait"), state_bit(TcpState::TimeWait));
  EXPECT_EQ(mask_of("close"), state_bit(TcpState::Close));
  EXPECT_EQ(mask_of("close-wait"), state_bit(TcpState::CloseWait));
  EXPECT_EQ(mask_of("last-ack"), state_bit(TcpState::LastAck));
  EXPECT_EQ(mask_of("listen"), state_bit(TcpState::Listen));
  EXPECT_EQ(mask_of("closing"), state_bit(TcpState::Closing));
}

TEST(StateSelector, KernelAndSsSpellings) {
  EXPECT_EQ(mask_of("CLOSE_WAIT"), state_bit(TcpState::CloseWait));
  EXPECT_EQ(mask_of("close_wait"), state_bit(TcpState::CloseWait));
  EXPECT_EQ(mask_of("FIN_WAIT1"), state_bit(TcpState::FinWait1));
  EXPECT_EQ(mask_of("fin-wait1"), state_bit(TcpState::FinWait1));
  EXPECT_EQ(mask_of("FIN_WAIT2"), state_bit(TcpState::FinWait2));
  EXPECT_EQ(mask_of("FIN-WAIT-2"), state_bit(TcpState::FinWait2));
  EXPECT_EQ(mask_of("SYN_RECV"), mask_of("syn-recv"));
  EXPECT_EQ(mask_of("TIME_WAIT"), state_bit(TcpState::TimeWait));
  EXPECT_EQ(mask_of("ESTABLISHED"), state_bit(TcpState::Established));
  EXPECT_EQ(mask_of("estab"), state_bit(TcpState::Established));
  EXPECT_EQ(mask_of("Listening"), state_bit(TcpState::Listen));
  EXPECT_EQ(mask_of("unconn"), state_bit(TcpState::Close));
  EXPECT_EQ(mask_of("LAST_ACK"), state_bit(TcpState::LastAck));
}

TEST(StateSelector, Groups) {
  StateMask connected = mask_of("connected");
  EXPECT_EQ(connected & state_bit(TcpState::Listen), 0u);
  EXPECT_EQ(connected & state_bit(TcpState::Close), 0u);
  for (TcpState s : {TcpState::Established, TcpState::SynSent, TcpState::SynRecv, TcpState::NewSynRecv,
                     TcpState::FinWait1, TcpState::FinWait2, TcpState::TimeWait, TcpState::CloseWait,
                     TcpState::LastAck, TcpState::Closing}) {
    EXPECT_NE(connected & state_bit(s), 0u) << tcp_state_name(s);
  }
  StateMask synchronized = mask_of("synchronized");
  EXPECT_EQ(synchronized, connected & ~state_bit(TcpState::SynSent));
  EXPECT_NE(synchronized & state_bit(TcpState::NewSynRecv), 0u);
  EXPECT_NE(synchronized & state_bit(TcpState::Established), 0u);
  EXPECT_EQ(mask_of("bucket"),
            state_bit(TcpState::SynRecv) | state_bit(TcpState::NewSynRecv) | state_bit(TcpState::TimeWait));
  EXPECT_EQ(mask_of("big") | mask_of("bucket"), kAllStates);
  EXPECT_EQ(mask_of("big") & mask_of("bucket"), 0u);
  EXPECT_EQ(mask_of("all"), kAllStates);
  EXPECT_EQ(mask_of("ALL"), kAllStates);
}

TEST(StateSelector, UnknownNamesAreNamedInTheError) {
  EXPECT_EQ(error_of("close-wiat"),
            "unknown state 'close-wiat' (expected one of: established, syn-sent, syn-recv, fin-wait-1, "
            "fin-wait-2, time-wait, close, close-wait, last-ack, listen, closing, connected, synchronized, "
            "bucket, big, all)");
  EXPECT_EQ(error_of("").substr(0, 17), "unknown state '' ");
  EXPECT_EQ(error_of("fin-wait-3").substr(0, 27), "unknown state 'fin-wait-3' ");
  EXPECT_EQ(error_of("fin-wait3").substr(0, 26), "unknown state 'fin-wait3' ");
  EXPECT_EQ(error_of("new-syn-recv").substr(0, 29), "unknown state 'new-syn-recv' ");
  EXPECT_EQ(error_of("established ").substr(0, 29), "unknown state 'established ' ");
}

TEST(StateSelector, ListsAreOred) {
  std::vector<std::string> none;
  EXPECT_EQ(*parse_state_selectors(none), kAllStates);
  std::vector<std::string> two = {"time-wait", "CLOSE_WAIT"};
  EXPECT_EQ(*parse_state_selectors(two), state_bit(TcpState::TimeWait) | state_bit(TcpState::CloseWait));
  std::vector<std::string> bad = {"listen", "lisen", "bogus"};
  auto parsed = parse_state_selectors(bad);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message.substr(0, 22), "unknown state 'lisen' ");
}

}  // namespace
}  // namespace sockscope

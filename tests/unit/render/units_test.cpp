#include "render/units.h"

#include <gtest/gtest.h>

#include "render/state_label.h"

namespace sockscope {
namespace {

TEST(Units, HumanBytes) {
  EXPECT_EQ(human_bytes(0), "0 B");
  EXPECT_EQ(human_bytes(1023), "1023 B");
  EXPECT_EQ(human_bytes(1024), "1.0 KiB");
  EXPECT_EQ(human_bytes(49152), "48.0 KiB");
  EXPECT_EQ(human_bytes(6291456), "6.0 MiB");
  EXPECT_EQ(human_bytes(int64_t{3} << 40), "3.0 TiB");
}

TEST(StateLabel, MatchesSs) {
  EXPECT_EQ(table_state_label(TcpState::Established), "ESTAB");
  EXPECT_EQ(table_state_label(TcpState::SynSent), "SYN-SENT");
  EXPECT_EQ(table_state_label(TcpState::SynRecv), "SYN-RECV");
  EXPECT_EQ(table_state_label(TcpState::NewSynRecv), "SYN-RECV");
  EXPECT_EQ(table_state_label(TcpState::FinWait1), "FIN-WAIT-1");
  EXPECT_EQ(table_state_label(TcpState::FinWait2), "FIN-WAIT-2");
  EXPECT_EQ(table_state_label(TcpState::TimeWait), "TIME-WAIT");
  EXPECT_EQ(table_state_label(TcpState::Close), "UNCONN");
  EXPECT_EQ(table_state_label(TcpState::CloseWait), "CLOSE-WAIT");
  EXPECT_EQ(table_state_label(TcpState::LastAck), "LAST-ACK");
  EXPECT_EQ(table_state_label(TcpState::Listen), "LISTEN");
  EXPECT_EQ(table_state_label(TcpState::Closing), "CLOSING");
  EXPECT_EQ(table_state_label(TcpState::Unknown), "UNKNOWN");
  EXPECT_EQ(table_state_label(static_cast<TcpState>(99)), "UNKNOWN");
}

}  // namespace
}  // namespace sockscope

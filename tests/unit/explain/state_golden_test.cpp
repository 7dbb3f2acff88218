// explain_state() for every TCP state and for UDP, against golden files.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "explain/explanation.h"
#include "explain/explanation_text.h"
#include "golden.h"

namespace sockscope {
namespace {

struct StateCase {
  std::string name;  // golden file: state-<name>.txt
  Proto proto;
  TcpState state;
};

std::vector<StateCase> state_cases() {
  return {
      {"established", Proto::Tcp, TcpState::Established}, {"syn-sent", Proto::Tcp, TcpState::SynSent},
      {"syn-recv", Proto::Tcp, TcpState::SynRecv},         {"fin-wait-1", Proto::Tcp, TcpState::FinWait1},
      {"fin-wait-2", Proto::Tcp, TcpState::FinWait2},      {"time-wait", Proto::Tcp, TcpState::TimeWait},
      {"close", Proto::Tcp, TcpState::Close},              {"close-wait", Proto::Tcp, TcpState::CloseWait},
      {"last-ack", Proto::Tcp, TcpState::LastAck},         {"listen", Proto::Tcp, TcpState::Listen},
      {"closing", Proto::Tcp, TcpState::Closing},          {"udp", Proto::Udp, TcpState::Close},
  };
}

class StateGolden : public ::testing::TestWithParam<StateCase> {};

TEST_P(StateGolden, MatchesGoldenFile) {
  const StateCase& c = GetParam();
  test::expect_golden("state-" + c.name, explanation_text(explain_state(c.proto, c.state)));
}

INSTANTIATE_TEST_SUITE_P(EveryState, StateGolden, ::testing::ValuesIn(state_cases()),
                         [](const auto& info) {
                           std::string name = info.param.name;
                           for (char& ch : name) ch = ch == '-' ? '_' : ch;
                           return name;
                         });

TEST(ExplainState, EveryTcpStateHasItsOwnText) {
  for (int i = 1; i < kTcpStateCount; ++i) {
    auto state = static_cast<TcpState>(i);
    Explanation e = explain_state(Proto::Tcp, state);
    EXPECT_EQ(e.state, user_visible(state));
    EXPECT_FALSE(e.meaning.empty()) << i;
    EXPECT_FALSE(e.how_it_got_here.empty()) << i;
    EXPECT_FALSE(e.timer.empty()) << i;
    EXPECT_FALSE(e.next.empty()) << i;
    EXPECT_FALSE(e.queues.empty()) << i;
    EXPECT_FALSE(e.advice.empty()) << i;
    EXPECT_EQ(e.title.find("UNKNOWN"), std::string::npos) << e.title;
  }
}

TEST(ExplainState, RequestSocketStateReadsAsSynRecv) {
  EXPECT_EQ(explanation_text(explain_state(Proto::Tcp, TcpState::NewSynRecv)),
            explanation_text(explain_state(Proto::Tcp, TcpState::SynRecv)));
}

TEST(ExplainState, GeneralTextHasNoSocketParts) {
  Explanation e = explain_state(Proto::Tcp, TcpState::CloseWait);
  EXPECT_FALSE(e.socket.has_value());
  EXPECT_TRUE(e.memory.empty());
  EXPECT_TRUE(e.shutdown.empty());
  EXPECT_TRUE(e.owner.empty());
  EXPECT_TRUE(e.age.empty());
  EXPECT_TRUE(e.findings.empty());
}

TEST(ExplainState, UdpIgnoresTheStateAndHasNone) {
  Explanation a = explain_state(Proto::Udp, TcpState::Close);
  Explanation b = explain_state(Proto::Udp, TcpState::Established);
  EXPECT_EQ(explanation_text(a), explanation_text(b));
  EXPECT_FALSE(a.state.has_value());
}

// The facts the explanations must get right for Linux.
TEST(ExplainState, KernelFacts) {
  auto text = [](TcpState s) {
    Explanation e = explain_state(Proto::Tcp, s);
    std::string joined;
    for (const auto* part : {&e.meaning, &e.how_it_got_here, &e.timer, &e.next, &e.queues, &e.advice}) {
      for (const std::string& paragraph : *part) joined += paragraph + " ";
    }
    return joined;
  };
  const std::string time_wait = text(TcpState::TimeWait);
  EXPECT_NE(time_wait.find("fixed 60 s"), std::string::npos);
  EXPECT_NE(time_wait.find("tcp_fin_timeout does not change it"), std::string::npos);
  const std::string close_wait = text(TcpState::CloseWait);
  EXPECT_NE(close_wait.find("No timer"), std::string::npos);
  EXPECT_NE(close_wait.find("ends only when the application closes"), std::string::npos);
  const std::string listen = text(TcpState::Listen);
  EXPECT_NE(listen.find("Recv-Q is the accept queue"), std::string::npos);
  EXPECT_NE(listen.find("backlog plus one"), std::string::npos);
  EXPECT_NE(text(TcpState::Established).find("924.6 s"), std::string::npos);
  EXPECT_NE(text(TcpState::FinWait2).find("tcp_fin_timeout (default 60 s"), std::string::npos);
  EXPECT_NE(text(TcpState::SynSent).find("127 s"), std::string::npos);
  EXPECT_NE(text(TcpState::SynRecv).find("63 s"), std::string::npos);
}

}  // namespace
}  // namespace sockscope

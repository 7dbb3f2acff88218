// What explain_socket() says about particular figures, beyond the golden files.
#include <gtest/gtest.h>

#include <string>

#include "explain/explanation.h"
#include "socket_cases.h"

namespace sockscope {
namespace {

using test::SocketCase;

SocketCase find_case(const std::string& name) {
  for (const SocketCase& c : test::socket_cases()) {
    if (c.name == name) return c;
  }
  ADD_FAILURE() << "no case " << name;
  return {};
}

std::string joined(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const std::string& p : paragraphs) out += p + "\n";
  return out;
}

TEST(ExplainSocket, KeepsOnlyTheFindingsThatNameTheSocket) {
  SocketCase c = find_case("close-wait-leak");
  Finding minor = test::close_wait_finding(c.socket.cookie);
  minor.id = "recv_stranded:" + std::to_string(c.socket.cookie);
  minor.kind = "recv_stranded";
  minor.severity = Severity::Info;
  c.findings.insert(c.findings.begin(), minor);
  Explanation e = explain_socket(c.context());
  ASSERT_EQ(e.findings.size(), 2u);
  EXPECT_EQ(e.findings[0].kind, "close_wait_buildup");  // worst first
  EXPECT_EQ(e.findings[1].kind, "recv_stranded");
}

TEST(ExplainSocket, NoFindingsWhenNoneNameIt) {
  SocketCase c = find_case("close-wait-leak");
  c.findings = {test::unrelated_finding()};
  EXPECT_TRUE(explain_socket(c.context()).findings.empty());
}

TEST(ExplainSocket, TimeWaitRemainingTimeIsTheTimer) {
  Explanation e = explain_socket(find_case("time-wait").context());
  EXPECT_NE(joined(e.timer).find("ends in 42 s"), std::string::npos) << joined(e.timer);
  EXPECT_NE(joined(e.timer).find("began about 18 s ago"), std::string::npos) << joined(e.timer);
  EXPECT_NE(joined(e.next).find("disappears in about 42 s"), std::string::npos) << joined(e.next);
}

TEST(ExplainSocket, RetransmitGiveUpFollowsTcpRetries2) {
  SocketCase c = find_case("established-retransmit");
  EXPECT_NE(joined(explain_socket(c.context()).timer).find("924.6 s"), std::string::npos);
  c.sysctls.tcp_retries2 = 8;
  EXPECT_NE(joined(explain_socket(c.context()).timer).find("102.2 s"), std::string::npos);
  c.sysctls.tcp_retries2.reset();
  std::string fallback = joined(explain_socket(c.context()).timer);
  EXPECT_NE(fallback.find("924.6 s"), std::string::npos);
  EXPECT_NE(fallback.find("the kernel default"), std::string::npos);
}

TEST(ExplainSocket, OrphansUseTcpOrphanRetries) {
  std::string timer = joined(explain_socket(find_case("fin-wait-1-orphan").context()).timer);
  EXPECT_NE(timer.find("tcp_orphan_retries"), std::string::npos) << timer;
  EXPECT_EQ(timer.find("tcp_retries2"), std::string::npos) << timer;
}

TEST(ExplainSocket, KeepaliveScheduleFollowsTheSysctls) {
  SocketCase c = find_case("established-keepalive");
  c.sysctls.tcp_keepalive_time = 600;
  c.sysctls.tcp_keepalive_intvl = 10;
  c.sysctls.tcp_keepalive_probes = 6;
  std::string timer = joined(explain_socket(c.context()).timer);
  EXPECT_NE(timer.find("after 600 s without traffic"), std::string::npos) << timer;
  EXPECT_NE(timer.find("11 min"), std::string::npos) << timer;  // 600 + 10 * 6
  EXPECT_NE(timer.find("4 more probes"), std::string::npos) << timer;
}

TEST(ExplainSocket, ListenerQueueInWords) {
  std::string queues = joined(explain_socket(find_case("listen-near-backlog").context()).queues);
  EXPECT_NE(queues.find("15 connections waiting"), std::string::npos) << queues;
  EXPECT_NE(queues.find("93% full"), std::string::npos) << queues;
  std::string full = joined(explain_socket(find_case("listen-overflow").context()).queues);
  EXPECT_NE(full.find("The queue is full"), std::string::npos) << full;
  EXPECT_NE(full.find("equals net.core.somaxconn (128)"), std::string::npos) << full;
}

TEST(ExplainSocket, ConfiguredThresholdsDecideNearlyFullAndOld) {
  SocketCase listener = find_case("listen-near-backlog");  // 15 of 16: 93 %
  listener.thresholds.listen_overflow.queue_pct = 95;
  std::string queues = joined(explain_socket(listener.context()).queues);
  EXPECT_EQ(queues.find("% full"), std::string::npos) << queues;
  listener.thresholds.listen_overflow.queue_pct = 50;
  listener.socket.recv_q = 9;
  queues = joined(explain_socket(listener.context()).queues);
  EXPECT_NE(queues.find("56% full"), std::string::npos) << queues;

  SocketCase close_wait = find_case("close-wait-leak");  // 15 minutes old
  const std::string old_mark = "long past any orderly shutdown";
  EXPECT_NE(joined(explain_socket(close_wait.context()).advice).find(old_mark), std::string::npos);
  close_wait.thresholds.close_wait_buildup.max_age_s = 3600;
  EXPECT_EQ(joined(explain_socket(close_wait.context()).advice).find(old_mark), std::string::npos);

  SocketCase retransmit = find_case("established-retransmit");
  const std::string unreachable = "probably down or unreachable";
  EXPECT_NE(joined(explain_socket(retransmit.context()).advice).find(unreachable), std::string::npos);
  retransmit.thresholds.half_open.min_retransmits = static_cast<int64_t>(retransmit.socket.timer.count) + 1;
  EXPECT_EQ(joined(explain_socket(retransmit.context()).advice).find(unreachable), std::string::npos);

  SocketCase sender = find_case("established-idle-ipv6");
  sender.socket.mem = test::mem(0, 1000, 700, 1000);
  const std::string blocked = "send buffer is nearly full";
  EXPECT_EQ(joined(explain_socket(sender.context()).memory).find(blocked), std::string::npos);
  sender.thresholds.send_stalled.queue_pct = 65;
  EXPECT_NE(joined(explain_socket(sender.context()).memory).find(blocked), std::string::npos);
}

TEST(ExplainSocket, CloseWaitUnreadFinIsCalledOut) {
  std::string queues = joined(explain_socket(find_case("close-wait-leak").context()).queues);
  EXPECT_NE(queues.find("100 bytes of data and the peer's FIN"), std::string::npos) << queues;
  std::string read = joined(explain_socket(find_case("close-wait-read-eof").context()).queues);
  EXPECT_NE(read.find("end of file included"), std::string::npos) << read;
}

TEST(ExplainSocket, ShutdownDirections) {
  SocketCase c = find_case("established-idle-ipv6");
  const std::pair<uint8_t, const char*> expected[] = {
      {0, "Neither direction"}, {1, "Receiving is shut down"}, {2, "Sending is shut down"}, {3, "Both directions"}};
  for (const auto& [bits, words] : expected) {
    c.socket.shutdown = bits;
    std::string text = joined(explain_socket(c.context()).shutdown);
    EXPECT_NE(text.find(words), std::string::npos) << int{bits} << ": " << text;
  }
  c.socket.shutdown.reset();
  EXPECT_TRUE(explain_socket(c.context()).shutdown.empty());
}

TEST(ExplainSocket, OwnersAreListed) {
  Explanation e = explain_socket(find_case("listen-overflow").context());
  ASSERT_EQ(e.owner.size(), 3u);
  EXPECT_EQ(e.owner[1], "- nginx (pid 900, fd 6)");
  ASSERT_TRUE(e.socket.has_value());
  EXPECT_EQ(e.socket->owners.size(), 2u);
}

TEST(ExplainSocket, ControlCharactersInCommandNamesAreReplaced) {
  SocketCase c = find_case("close-wait-leak");
  c.owners = {ProcessRef{5, std::string("bad\nname\x1b"), 3}};
  std::string owner = joined(explain_socket(c.context()).owner);
  EXPECT_NE(owner.find("bad?name?"), std::string::npos) << owner;
}

TEST(ExplainSocket, AgeFromTheDaemonOrUnknown) {
  SocketCase c = find_case("close-wait-leak");
  std::string age = joined(explain_socket(c.context()).age);
  EXPECT_NE(age.find("for 15 min"), std::string::npos) << age;
  c.state_age_s.reset();
  std::string unknown = joined(explain_socket(c.context()).age);
  EXPECT_NE(unknown.find("only the daemon"), std::string::npos) << unknown;
}

TEST(ExplainSocket, UdpDropsAndNoTimers) {
  Explanation e = explain_socket(find_case("udp-unconnected").context());
  EXPECT_NE(joined(e.memory).find("37 packets dropped"), std::string::npos) << joined(e.memory);
  EXPECT_NE(joined(e.timer).find("UDP has no timers"), std::string::npos);
  EXPECT_NE(e.title.find("udp UNCONN 0.0.0.0:5353"), std::string::npos) << e.title;
  Explanation connected = explain_socket(find_case("udp-connected").context());
  EXPECT_NE(joined(connected.meaning).find("connect() to 10.0.0.53:53"), std::string::npos);
}

TEST(ExplainSocket, MinisocketsHaveNoOwner) {
  for (const char* name : {"time-wait", "syn-recv", "fin-wait-2-orphan"}) {
    std::string owner = joined(explain_socket(find_case(name).context()).owner);
    EXPECT_EQ(owner.rfind("No process", 0), 0u) << name << ": " << owner;
  }
}

TEST(ExplainSocket, UnknownStateIsSaidPlainly) {
  SocketCase c = find_case("established-idle-ipv6");
  c.socket.state = static_cast<TcpState>(0);
  Explanation e = explain_socket(c.context());
  EXPECT_NE(joined(e.meaning).find("does not know"), std::string::npos);
}

}  // namespace
}  // namespace sockscope

#include "watch/watch_plain.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "watch_fixtures.h"

namespace sockscope {
namespace {

using namespace test;

class WatchPlain : public ::testing::Test {
 protected:
  // The header's time is local time; pin the zone so the text is known.
  void SetUp() override {
    const char* tz = std::getenv("TZ");
    if (tz) saved_tz_ = tz;
    setenv("TZ", "UTC", 1);
    tzset();
  }
  void TearDown() override {
    if (saved_tz_) {
      setenv("TZ", saved_tz_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  std::optional<std::string> saved_tz_;
};

TEST_F(WatchPlain, SmallFrameBlock) {
  WatchFrame previous = base_frame();
  set_count(previous, TcpState::Established, 11);
  WatchFrame frame = base_frame();
  frame.findings = {finding(Severity::Critical, "close_wait_buildup", "pid 812 (java)", "40 sockets in CLOSE_WAIT")};
  SocketRecord& listener = add_row(frame, TcpState::Listen, 1, 7260.0);
  listener.local = endpoint("0.0.0.0", 80);
  listener.remote = endpoint("0.0.0.0", 0);
  listener.send_q = 128;
  SocketRecord& conn = add_row(frame, TcpState::Established, 2, 75.0);
  conn.recv_q = 10;
  conn.send_q = 2000;
  conn.inode = 0;
  frame.sockets.processes = owners_index({{1001, {{812, "nginx", 3}, {813, "nginx", 3}}}});
  frame.sockets_matched = 20;

  EXPECT_EQ(plain_refresh(frame, &previous, kHost, kTakenAt + 1s),
            "== 2026-11-27 21:03:05  web1  6.1.0-18-amd64  daemon  poll 3.1 ms\n"
            "tcp: ESTABLISHED 12 (+1), TIME_WAIT 3, CLOSE_WAIT 1, LISTEN 4\n"
            "mem 940K normal (pressure 1.5G, max 2.2G)  orphans 0/131072  tw 3/131072\n"
            "findings: 1 (1 critical)\n"
            "  CRIT close_wait_buildup pid 812 (java): 40 sockets in CLOSE_WAIT\n"
            "sockets: 20 match\n"
            "State          Age  Recv-Q  Send-Q  Local                     Peer                      Process\n"
            "LISTEN        2h1m       0     128  0.0.0.0:80                0.0.0.0:*                 nginx/812+1\n"
            "ESTABLISHED     1m      10    2000  10.0.0.1:80               10.0.0.2:5000             -\n"
            "\n");
}

TEST_F(WatchPlain, NoPreviousFrameNoSocketsDirectMode) {
  WatchFrame frame = base_frame();
  frame.from_daemon = false;
  frame.interval_s = 2;
  set_count(frame, TcpState::SynRecv, 2);
  EXPECT_EQ(plain_refresh(frame, nullptr, kHost, kTakenAt),
            "== 2026-11-27 21:03:04  web1  6.1.0-18-amd64  direct every 2s  poll 3.1 ms\n"
            "tcp: ESTABLISHED 12, SYN_RECV 2, TIME_WAIT 3, CLOSE_WAIT 1, LISTEN 4\n"
            "mem 940K normal (pressure 1.5G, max 2.2G)  orphans 0/131072  tw 3/131072\n"
            "findings: none\n"
            "sockets: 0 match\n"
            "\n");
}

TEST_F(WatchPlain, AStateThatFellToZeroIsListedOnce) {
  WatchFrame previous = base_frame();
  WatchFrame frame = base_frame();
  set_count(frame, TcpState::Listen, 0);
  set_count(frame, TcpState::CloseWait, 2);
  std::string text = plain_refresh(frame, &previous, kHost, kTakenAt);
  EXPECT_NE(text.find("\ntcp: ESTABLISHED 12, TIME_WAIT 3, CLOSE_WAIT 2 (+1), LISTEN 0 (-4)\n"), std::string::npos)
      << text;

  // The next block, with nothing changed, no longer lists it.
  text = plain_refresh(frame, &frame, kHost, kTakenAt);
  EXPECT_NE(text.find("\ntcp: ESTABLISHED 12, TIME_WAIT 3, CLOSE_WAIT 2\n"), std::string::npos) << text;

  // The last state falling to zero is listed too, not "none".
  WatchFrame one_listener = base_frame();
  for (TcpState state : {TcpState::Established, TcpState::TimeWait, TcpState::CloseWait, TcpState::Listen}) {
    set_count(one_listener, state, 0);
  }
  set_count(one_listener, TcpState::Listen, 1);
  WatchFrame empty = one_listener;
  set_count(empty, TcpState::Listen, 0);
  text = plain_refresh(empty, &one_listener, kHost, kTakenAt);
  EXPECT_NE(text.find("\ntcp: LISTEN 0 (-1)\n"), std::string::npos) << text;
  text = plain_refresh(empty, &empty, kHost, kTakenAt);
  EXPECT_NE(text.find("\ntcp: none\n"), std::string::npos) << text;
}

TEST_F(WatchPlain, OnlyNonZeroOrChangedStatesAndTheFirstTenRows) {
  WatchFrame previous = base_frame();
  WatchFrame frame = frame_with_rows(25);
  for (TcpState state : {TcpState::Established, TcpState::TimeWait, TcpState::CloseWait, TcpState::Listen}) {
    set_count(frame, state, 0);
  }
  set_count(frame, TcpState::FinWait2, 5);
  frame.findings = {finding(Severity::Warning, "listen_overflow", "port 8080", "queue full"),
                    finding(Severity::Info, "orphans", "host", "3 orphans")};
  std::string text = plain_refresh(frame, &previous, kHost, kTakenAt);
  EXPECT_NE(text.find("\ntcp: ESTABLISHED 0 (-12), FIN_WAIT2 5 (+5), TIME_WAIT 0 (-3), CLOSE_WAIT 0 (-1), "
                      "LISTEN 0 (-4)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nfindings: 2 (1 warning, 1 info)\n"
                      "  WARN listen_overflow port 8080: queue full\n"
                      "  INFO orphans host: 3 orphans\n"
                      "sockets: 25 match\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nESTABLISHED    10s "), std::string::npos);
  EXPECT_EQ(text.find("\nESTABLISHED    11s "), std::string::npos);
  // As many rows as the plain loop asks the source for, no more.
  size_t rows = 0;
  for (size_t at = text.find("\nESTABLISHED "); at != std::string::npos; at = text.find("\nESTABLISHED ", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, kPlainRows);
  EXPECT_EQ(text.substr(text.size() - 2), "\n\n");

  for (TcpState state : {TcpState::FinWait2}) set_count(frame, state, 0);
  text = plain_refresh(frame, nullptr, kHost, kTakenAt);
  EXPECT_NE(text.find("\ntcp: none\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace sockscope

// Each watch test: a fresh network namespace holding sockets the test made,
// a daemon polling it every 0.2 s with thresholds low enough to raise a
// finding at once, and `sockscope watch` in a private tmux pane.
#pragma once

#include <sys/types.h>

#include <map>
#include <ostream>
#include <memory>
#include <string>
#include <vector>

#include "../states/socket_scenarios.h"
#include "daemon_fixture.h"
#include "screen_reading.h"
#include "tmux_session.h"

namespace sockscope::testing {

inline constexpr TermSize kSmallTerm{80, 24};
inline void PrintTo(const TermSize& size, std::ostream* out) { *out << size.cols << "x" << size.rows; }
inline constexpr TermSize kLargeTerm{132, 40};

// Sockets in known states, all held by the test process:
//   LISTEN 4, ESTABLISHED 4, CLOSE_WAIT 3, FIN_WAIT2 3, TIME_WAIT 2.
// One accepted connection holds kLargestRecvQ unread bytes, another
// kSmallRecvQ; the CLOSE_WAIT ends belong to one listener at close_wait_port.
struct KnownSockets {
  static constexpr size_t kLargestRecvQ = 30000;
  static constexpr size_t kSmallRecvQ = 1000;

  UniqueFd busy_listener;
  uint16_t busy_port = 0;
  std::vector<UniqueFd> established;  // clients and accepted ends
  UniqueFd close_wait_listener;
  uint16_t close_wait_port = 0;
  std::vector<UniqueFd> close_wait;   // accepted ends whose peer shut down writing
  std::vector<UniqueFd> fin_wait2;    // those peers, still held
  std::vector<TcpConn> time_wait;     // each keeps its listener; the client end is in TIME_WAIT

  static KnownSockets make();
  static std::map<std::string, uint64_t> expected_counts();
  static size_t total();  // all of them: 16
};

class WatchTest : public DaemonTest {
 protected:
  // close_wait_buildup raised on the first poll that sees one CLOSE_WAIT
  // socket, and no recv_stranded finding appearing a few polls later to
  // change the layout under a test; owners scanned every poll so new
  // sockets show their process.
  void start_watched_daemon();

  // Runs `sockscope --socket <daemon socket> watch ARGS` in a tmux pane of
  // `size`, through bash, which prints `watch-exited-STATUS` when it ends
  // and then waits (bash, not sh: on Ctrl-C it waits for watch and goes on
  // only when watch handled the signal itself rather than dying of it).
  std::unique_ptr<TmuxSession> start_watch(TermSize size, const std::vector<std::string>& args = {},
                                           const std::vector<std::string>& env = {});

  // The sockscope process in the pane (the shell's child), or -1.
  static pid_t watch_pid(TmuxSession& session);

  // "comm/pid" of this test process, as the Process column shows an owner.
  static std::string own_process_label();
};

// Screen predicates for TmuxSession::wait_for.
bool grid_matches(const std::vector<std::string>& screen, const std::map<std::string, uint64_t>& expected);
bool shows_frame(const std::vector<std::string>& screen);  // a title that says when it polled, and the grid

}  // namespace sockscope::testing

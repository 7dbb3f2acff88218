#include "watch_fixture.h"

#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace sockscope::testing {

namespace {

size_t unread_bytes(const UniqueFd& fd) {
  int bytes = 0;
  if (::ioctl(fd.get(), SIOCINQ, &bytes) != 0) throw_errno("SIOCINQ");
  return static_cast<size_t>(bytes);
}

// A connection through `listener` whose accepted end holds `unread` bytes.
void connect_with_unread(const UniqueFd& listener, uint16_t port, size_t unread, std::vector<UniqueFd>& keep) {
  UniqueFd client = tcp_connect(Ip::V4, port);
  UniqueFd server = accept_one(listener);
  if (unread > 0) {
    write_bytes(client, unread);
    if (!wait_until([&] { return unread_bytes(server) == unread; })) {
      throw std::runtime_error("the unread bytes never reached the accepted end");
    }
  }
  keep.push_back(std::move(client));
  keep.push_back(std::move(server));
}

}  // namespace

KnownSockets KnownSockets::make() {
  KnownSockets s;
  s.busy_listener = tcp_listener(Ip::V4);
  s.busy_port = local_port(s.busy_listener);
  connect_with_unread(s.busy_listener, s.busy_port, kLargestRecvQ, s.established);
  connect_with_unread(s.busy_listener, s.busy_port, kSmallRecvQ, s.established);

  s.close_wait_listener = tcp_listener(Ip::V4);
  s.close_wait_port = local_port(s.close_wait_listener);
  for (int i = 0; i < 3; ++i) {
    UniqueFd client = tcp_connect(Ip::V4, s.close_wait_port);
    UniqueFd server = accept_one(s.close_wait_listener);
    shutdown_write(client);
    wait_tcp_state(server, TCP_CLOSE_WAIT, "accepted end to CLOSE_WAIT");
    wait_tcp_state(client, TCP_FIN_WAIT2, "client to FIN_WAIT2");
    s.fin_wait2.push_back(std::move(client));
    s.close_wait.push_back(std::move(server));
  }

  for (int i = 0; i < 2; ++i) s.time_wait.push_back(testing::time_wait(Ip::V4));
  return s;
}

std::map<std::string, uint64_t> KnownSockets::expected_counts() {
  std::map<std::string, uint64_t> counts;
  for (const char* name : kTcpStateNames) counts[name] = 0;
  counts["LISTEN"] = 4;
  counts["ESTABLISHED"] = 4;
  counts["CLOSE_WAIT"] = 3;
  counts["FIN_WAIT2"] = 3;
  counts["TIME_WAIT"] = 2;
  return counts;
}

size_t KnownSockets::total() {
  size_t sum = 0;
  for (const auto& [name, count] : expected_counts()) sum += count;
  return sum;
}

void WatchTest::start_watched_daemon() {
  write_config(
      "[findings]\nraise_after = 1\n\n"
      "[collect]\nowner_rescan_s = 0\n\n"
      "[detectors.close_wait_buildup]\nmin_age_s = 0\nmin_count = 1\n\n"
      "[detectors.recv_stranded]\nenabled = false\n");
  start_daemon({"--interval", "0.2"});
}

std::unique_ptr<TmuxSession> WatchTest::start_watch(TermSize size, const std::vector<std::string>& args,
                                                    const std::vector<std::string>& env) {
  // After watch the shell waits for a line, so the terminal's modes can be
  // read from a live pane (tmux reports none for a dead one).
  std::vector<std::string> argv = {"bash", "-c", "\"$0\" \"$@\"; echo watch-exited-$?; read -r _", SOCKSCOPE_CLI_PATH,
                                   "--socket", socket_path(), "watch"};
  argv.insert(argv.end(), args.begin(), args.end());
  // A UTF-8 locale whatever the test runs with: the trend sparklines are
  // block characters.
  std::vector<std::string> full_env = {"LC_ALL=C.UTF-8"};
  full_env.insert(full_env.end(), env.begin(), env.end());
  return std::make_unique<TmuxSession>(size, argv, full_env);
}

pid_t WatchTest::watch_pid(TmuxSession& session) {
  pid_t shell = session.pane_pid();
  std::ifstream children("/proc/" + std::to_string(shell) + "/task/" + std::to_string(shell) + "/children");
  pid_t child = -1;
  if (!(children >> child)) return -1;
  return child;
}

std::string WatchTest::own_process_label() {
  std::ifstream comm_file("/proc/self/comm");
  std::string comm;
  std::getline(comm_file, comm);
  return comm + "/" + std::to_string(::getpid());
}

bool grid_matches(const std::vector<std::string>& screen, const std::map<std::string, uint64_t>& expected) {
  auto grid = read_state_grid(screen);
  if (!grid) return false;
  for (const auto& [name, count] : expected) {
    auto shown = grid->counts.find(name);
    if (shown == grid->counts.end() || shown->second != count) return false;
  }
  return true;
}

bool shows_frame(const std::vector<std::string>& screen) {
  return !screen.empty() && screen[0].find("polled") != std::string::npos && read_state_grid(screen).has_value();
}

}  // namespace sockscope::testing

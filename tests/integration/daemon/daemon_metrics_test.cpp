// sockscoped's Prometheus endpoint and textfile: the served text matches the
// namespace's sockets (checked against ss), promtool accepts it, the
// textfile is replaced atomically and never through a planted link, scrapes
// never hold up polls, slow clients cannot shut a scrape out, and a bad or
// busy address is refused with a message naming it.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "daemon_fixture.h"
#include "daemon_metrics_http.h"
#include "tcp_sockets.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

std::string own_comm() {
  std::ifstream in("/proc/self/comm");
  std::string comm;
  std::getline(in, comm);
  return comm;
}

uint64_t ss_count(const std::string& state) {
  const std::string out = run_command("ss -4tanH state " + state);
  uint64_t lines = 0;
  for (char c : out) lines += c == '\n';
  return lines;
}

bool promtool_installed() { return std::filesystem::exists("/usr/bin/promtool"); }

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// A connection to 127.0.0.1:port from another loopback address: another
// client, as far as the server can tell.
UniqueFd connect_from(const std::string& source, uint16_t port) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in from{};
  from.sin_family = AF_INET;
  if (!fd.valid() || ::inet_pton(AF_INET, source.c_str(), &from.sin_addr) != 1 ||
      ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&from), sizeof from) != 0) {
    return UniqueFd();
  }
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) return UniqueFd();
  return fd;
}

// GET /metrics from `source`: the status code (0 without an answer within
// 5 s) and whether the body has the polls counter.
std::pair<int, bool> scrape_from(const std::string& source, uint16_t port) {
  UniqueFd fd = connect_from(source, port);
  const std::string request = "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  if (!fd.valid() || ::send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
    return {0, false};
  }
  std::string raw;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd pfd{fd.get(), POLLIN, 0};
    if (::poll(&pfd, 1, 100) < 0) break;
    if (pfd.revents == 0) continue;
    char chunk[16384];
    const ssize_t n = ::recv(fd.get(), chunk, sizeof chunk, 0);
    if (n <= 0) break;
    raw.append(chunk, static_cast<size_t>(n));
  }
  if (!raw.starts_with("HTTP/1.") || raw.size() < 12) return {0, false};
  return {std::stoi(raw.substr(9, 3)), raw.find("\nsockscope_polls_total ") != std::string::npos};
}

// True when the peer has closed `fd` (end of file or a reset), without waiting.
bool closed_by_server(int fd) {
  char byte;
  const ssize_t n = ::recv(fd, &byte, 1, MSG_DONTWAIT | MSG_PEEK);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

// promtool's complaints about `text` (empty: none).
std::string promtool_check(const std::string& text, const std::string& dir) {
  const std::string file = dir + "/scraped.prom";
  std::ofstream(file) << text;
  int status = -1;
  std::string out = run_command("promtool check metrics < " + file + " 2>&1", &status);
  if (status != 0 && out.empty()) out = "promtool exited " + std::to_string(status);
  return out;
}

class DaemonMetricsTest : public DaemonTest {
 protected:
  void start_with_metrics(const std::vector<std::string>& extra = {}) {
    port_ = free_loopback_port();
    ASSERT_NE(port_, 0);
    std::vector<std::string> args = {"--interval", "0.2", "--metrics-listen", "127.0.0.1:" + std::to_string(port_)};
    args.insert(args.end(), extra.begin(), extra.end());
    start_daemon(args);
  }

  std::string scrape() {
    HttpReply reply = http_get(port_, "/metrics");
    EXPECT_EQ(reply.status, 200) << reply.headers;
    return reply.body;
  }

  uint64_t polls() {
    json status = daemon_status(socket_path());
    return status.is_null() ? 0 : status["daemon"]["polls"].get<uint64_t>();
  }

  uint16_t port_ = 0;
};

TEST_F(DaemonMetricsTest, ServesTheNamespacesSocketsListenerQueueAndFindings) {
  write_config(
      "[findings]\nraise_after = 2\nclear_after = 2\n\n"
      "[detectors.close_wait_buildup]\nmin_age_s = 0.2\nmin_count = 3\n");
  // Three connections waiting in one listener's accept queue...
  uint16_t waiting_port = 0;
  UniqueFd waiting_listener = tcp_listen(&waiting_port);
  ASSERT_TRUE(waiting_listener.valid());
  std::vector<UniqueFd> held;
  for (int i = 0; i < 3; ++i) held.push_back(tcp_connect(waiting_port));
  // ...and three accepted ones whose clients closed: CLOSE_WAIT here.
  uint16_t leak_port = 0;
  UniqueFd leak_listener = tcp_listen(&leak_port);
  for (int i = 0; i < 3; ++i) {
    UniqueFd client = tcp_connect(leak_port);
    ASSERT_TRUE(client.valid());
    held.push_back(tcp_accept(leak_listener.get()));
  }
  start_with_metrics();

  // The finding is raised after raise_after polls of sockets old enough.
  std::string text;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  double leak_findings = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    text = scrape();
    leak_findings = sample_value(text, R"(sockscope_findings{kind="close_wait_buildup",severity="warning"})") +
                    sample_value(text, R"(sockscope_findings{kind="close_wait_buildup",severity="critical"})");
    if (leak_findings >= 1) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(leak_findings, 1) << text;
  EXPECT_EQ(sample_value(text, R"(sockscope_findings{kind="syn_flood",severity="critical"})"), 0);

  // Compare with ss once the daemon has polled again with no TCP change
  // since (its own socket is a Unix one).
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  const uint64_t established = ss_count("established");
  const uint64_t listening = ss_count("listening");
  const uint64_t close_wait = ss_count("close-wait");
  const uint64_t fin_wait2 = ss_count("fin-wait-2");
  text = scrape();
  auto tcp4 = [&](const std::string& state) {
    return sample_value(text, R"(sockscope_sockets{protocol="tcp",family="inet",state=")" + state + "\"}");
  };
  EXPECT_EQ(tcp4("established"), static_cast<double>(established));
  EXPECT_EQ(tcp4("listen"), static_cast<double>(listening));
  EXPECT_EQ(tcp4("close_wait"), static_cast<double>(close_wait));
  EXPECT_EQ(tcp4("fin_wait2"), static_cast<double>(fin_wait2));
  EXPECT_EQ(close_wait, 3u);
  EXPECT_GE(established, 6u);  // both ends of the three waiting connections

  const std::string waiting = "{address=\"127.0.0.1\",port=\"" + std::to_string(waiting_port) + "\"}";
  EXPECT_EQ(sample_value(text, "sockscope_listener_accept_queue" + waiting), 3) << text;
  EXPECT_EQ(sample_value(text, "sockscope_listener_accept_backlog" + waiting), 16);
  const std::string owner = "{pid=\"" + std::to_string(::getpid()) + "\",comm=\"" + own_comm() + "\"}";
  EXPECT_EQ(sample_value(text, "sockscope_process_close_wait_sockets" + owner), 3) << text;
  EXPECT_GT(sample_value(text, "sockscope_polls_total"), 2);
  EXPECT_EQ(sample_value(text, "sockscope_poll_errors_total"), 0);

  if (!promtool_installed()) GTEST_SKIP() << "promtool is not installed (Debian package prometheus)";
  EXPECT_EQ(promtool_check(text, dir_.path()), "");
}

TEST_F(DaemonMetricsTest, TextfileIsWrittenAfterEachPollAndReplacedWhole) {
  const std::string path = dir_.file("sockscope.prom");
  start_daemon({"--interval", "0.2", "--metrics-textfile", path});
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  struct stat first {};
  ASSERT_EQ(::stat(path.c_str(), &first), 0) << path;

  // A reader never sees half a file: every read ends with the last family.
  const std::string last_line = "sockscope_hook_events_queued ";
  size_t reads = 0;
  const auto until = std::chrono::steady_clock::now() + 1500ms;
  while (std::chrono::steady_clock::now() < until) {
    std::ifstream in(path);
    std::stringstream content;
    content << in.rdbuf();
    const std::string text = content.str();
    ASSERT_NE(text.find("sockscope_polls_total "), std::string::npos);
    const size_t at = text.rfind('\n', text.size() - 2);
    ASSERT_EQ(text.substr(at + 1, last_line.size()), last_line) << "a partial file was read";
    ++reads;
  }
  EXPECT_GT(reads, 10u);

  struct stat later {};
  ASSERT_EQ(::stat(path.c_str(), &later), 0);
  EXPECT_NE(later.st_ino, first.st_ino) << "each poll renames a new file over the old one";
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_GT(sample_value(content.str(), "sockscope_polls_total"), 3);
}

TEST_F(DaemonMetricsTest, FiftyParallelScrapesDoNotDelayPolls) {
  // Fifty clients, each on its own loopback address as fifty Prometheus
  // servers would be, each scraping again as soon as it has its answer.
  start_with_metrics();
  ASSERT_TRUE(wait_for_polls(socket_path(), 2));
  const uint64_t polls_before = polls();
  const auto started = std::chrono::steady_clock::now();

  constexpr int kThreads = 50;
  constexpr int kScrapesEach = 40;
  std::atomic<int> ok{0}, failed{0};
  std::atomic<int64_t> slowest_us{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, source = "127.0.0." + std::to_string(t + 2)] {
      for (int i = 0; i < kScrapesEach; ++i) {
        const auto begin = std::chrono::steady_clock::now();
        const auto [status, has_polls] = scrape_from(source, port_);
        const auto us =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - begin).count();
        int64_t seen = slowest_us.load();
        while (us > seen && !slowest_us.compare_exchange_weak(seen, us)) {
        }
        (status == 200 && has_polls ? ok : failed)++;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  // Let the schedule show over at least two seconds in all.
  std::this_thread::sleep_until(started + 2s);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const uint64_t polls_after = polls();

  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(ok.load(), kThreads * kScrapesEach);
  // One poll per 0.2 s; a poll that overran would only delay the next.
  EXPECT_GE(static_cast<double>(polls_after - polls_before), elapsed / 0.2 * 0.75)
      << polls_after - polls_before << " polls in " << elapsed << " s";
  EXPECT_LT(slowest_us.load(), 1'000'000) << "a scrape took " << slowest_us.load() << " us";

  const std::string text = scrape();
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_LT(now - sample_value(text, "sockscope_last_poll_timestamp_seconds"), 1.0) << "the last poll is recent";
}

TEST_F(DaemonMetricsTest, SlowClientsFromOneAddressCannotShutOutAScrape) {
  start_with_metrics();  // max_scrapes 4: one address holds at most 2
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  // Four clients on 127.0.0.2, each sending its request a header line a
  // second: every byte restarts the idle timer, so none times out.
  std::vector<UniqueFd> slow;
  for (int i = 0; i < 4; ++i) {
    slow.push_back(connect_from("127.0.0.2", port_));
    ASSERT_TRUE(slow.back().valid());
    ASSERT_GT(::send(slow.back().get(), "GET /metrics HTTP/1.1\r\n", 23, MSG_NOSIGNAL), 0);
  }
  std::atomic<bool> stop{false};
  std::thread trickle([&] {
    while (!stop) {
      for (const UniqueFd& fd : slow) (void)::send(fd.get(), "X-Slow: 1\r\n", 11, MSG_NOSIGNAL);
      for (int i = 0; i < 20 && !stop; ++i) std::this_thread::sleep_for(50ms);
    }
  });
  std::this_thread::sleep_for(500ms);  // every slow client is in, or refused

  const auto begin = std::chrono::steady_clock::now();
  HttpReply reply = http_get(port_, "/metrics");  // from 127.0.0.1
  const auto took = std::chrono::steady_clock::now() - begin;
  size_t refused = 0;
  for (const UniqueFd& fd : slow) refused += closed_by_server(fd.get());
  stop = true;
  trickle.join();
  EXPECT_EQ(reply.status, 200) << "the slow clients took every slot";
  EXPECT_LT(took, 2s);
  EXPECT_EQ(refused, 2u) << "one address holds half the slots; more are closed at once";
}

TEST_F(DaemonMetricsTest, ASilentConnectionIsClosedAfterThreeSeconds) {
  start_with_metrics();
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  UniqueFd silent = connect_from("127.0.0.2", port_);
  ASSERT_TRUE(silent.valid());
  const auto begin = std::chrono::steady_clock::now();
  pollfd pfd{silent.get(), POLLIN, 0};
  ASSERT_EQ(::poll(&pfd, 1, 8000), 1) << "still open after 8 s";
  const auto took = std::chrono::steady_clock::now() - begin;
  EXPECT_TRUE(closed_by_server(silent.get()));
  EXPECT_GE(took, 2s);
  EXPECT_LT(took, 5s);
}

TEST_F(DaemonMetricsTest, TheTextfileNeverFollowsALinkPlantedBesideIt) {
  const std::string path = dir_.file("sockscope.prom");
  const std::string victim = dir_.write("victim", "precious\n");
  // The name a fixed temporary file would have: whoever can write the
  // directory could point it anywhere the daemon may write.
  ASSERT_EQ(::symlink(victim.c_str(), (path + ".tmp").c_str()), 0);
  start_daemon({"--interval", "0.2", "--metrics-textfile", path});
  ASSERT_TRUE(wait_for_polls(socket_path(), 3));
  daemon_.signal(SIGTERM);
  EXPECT_EQ(daemon_.wait_exit(), 0);

  EXPECT_EQ(read_file(victim), "precious\n") << "written through the link";
  struct stat written {};
  ASSERT_EQ(::lstat(path.c_str(), &written), 0);
  EXPECT_TRUE(S_ISREG(written.st_mode)) << "the link was renamed over the textfile";
  EXPECT_EQ(written.st_mode & 07777, 0644u);
  EXPECT_GT(sample_value(read_file(path), "sockscope_polls_total"), 2);
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(!name.starts_with("sockscope.prom.") || name == "sockscope.prom.tmp") << "left behind: " << name;
  }
}

TEST_F(DaemonMetricsTest, ARelativeTextfilePathIsAConfigurationError) {
  int status = -1;
  // Under timeout(1): a daemon that took the path would run on.
  const std::string out = run_command("timeout 5 " + daemon_binary() + " --socket " + socket_path() + " --config " +
                                          config_path() + " --metrics-textfile sockscope.prom 2>&1",
                                      &status);
  EXPECT_EQ(status, 2) << out;
  EXPECT_NE(out.find("--metrics-textfile: expected an absolute path"), std::string::npos) << out;
}

TEST_F(DaemonMetricsTest, OtherPathsAndMethods) {
  start_with_metrics();
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  HttpReply index = http_get(port_, "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("href=\"/metrics\""), std::string::npos);
  EXPECT_EQ(http_get(port_, "/nothing").status, 404);
  EXPECT_EQ(http_get(port_, "/metrics/x").status, 404);
  HttpReply post = http_request(port_, "POST", "/metrics");
  EXPECT_EQ(post.status, 405);
  EXPECT_NE(post.headers.find("Allow: GET, HEAD"), std::string::npos) << post.headers;
  EXPECT_EQ(http_request(port_, "DELETE", "/metrics").status, 405);
  HttpReply head = http_request(port_, "HEAD", "/metrics");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  HttpReply metrics = http_get(port_, "/metrics");
  EXPECT_NE(metrics.headers.find("Content-Type: text/plain; version=0.0.4"), std::string::npos) << metrics.headers;
}

TEST_F(DaemonMetricsTest, PortInUseFailsAtStartNamingTheAddress) {
  uint16_t busy = 0;
  UniqueFd holder = tcp_listen(&busy);
  ASSERT_TRUE(holder.valid());
  const std::string address = "127.0.0.1:" + std::to_string(busy);
  int status = -1;
  const std::string out = run_command(daemon_binary() + " --socket " + socket_path() + " --config " + config_path() +
                                          " --metrics-listen " + address + " 2>&1",
                                      &status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find(address), std::string::npos) << out;
  EXPECT_NE(out.find("Address already in use"), std::string::npos) << out;

  const std::string bad = run_command(daemon_binary() + " --socket " + socket_path() + " --config " + config_path() +
                                          " --metrics-listen localhost:9977 2>&1",
                                      &status);
  EXPECT_EQ(status, 2) << bad;
  EXPECT_NE(bad.find("localhost:9977"), std::string::npos) << bad;
  EXPECT_NE(bad.find("not a numeric IPv4 address"), std::string::npos) << bad;
}

TEST_F(DaemonMetricsTest, ReloadToABusyPortKeepsTheOldServer) {
  const uint16_t first = free_loopback_port();
  write_config("[metrics]\nlisten = \"127.0.0.1:" + std::to_string(first) + "\"\n");
  start_daemon();
  ASSERT_TRUE(wait_for_polls(socket_path(), 1));
  ASSERT_EQ(http_get(first, "/metrics").status, 200);

  uint16_t busy = 0;
  UniqueFd holder = tcp_listen(&busy);
  write_config("[metrics]\nlisten = \"127.0.0.1:" + std::to_string(busy) + "\"\n");
  daemon_.signal(SIGHUP);
  ASSERT_TRUE(wait_for_polls(socket_path(), 3));
  EXPECT_EQ(http_get(first, "/metrics").status, 200) << "the old server keeps serving";

  const uint16_t next = free_loopback_port();
  write_config("[metrics]\nlisten = \"127.0.0.1:" + std::to_string(next) + "\"\n");
  daemon_.signal(SIGHUP);
  ASSERT_TRUE(wait_for_polls(socket_path(), 3));
  EXPECT_EQ(http_get(next, "/metrics").status, 200);
  EXPECT_EQ(http_get(first, "/metrics").status, 0) << "the old address is closed";
}

}  // namespace
}  // namespace sockscope::testing

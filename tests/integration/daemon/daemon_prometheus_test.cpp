// A real Prometheus server scrapes sockscoped: started on loopback in the
// test's namespace with the shipped alerting rules loaded, it reads a
// listener's accept queue back through its HTTP query API. promtool accepts
// the rules. Skipped with a message only where Prometheus is not installed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "daemon_fixture.h"
#include "daemon_metrics_http.h"
#include "tcp_sockets.h"

namespace sockscope::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const std::string kRules = std::string(SOCKSCOPE_TEST_DATA) + "/../../packaging/prometheus/sockscope-alerts.yml";
constexpr const char* kPrometheus = "/usr/bin/prometheus";
constexpr const char* kPromtool = "/usr/bin/promtool";

std::string url_encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '_' || c == '.' || c == '-' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

// One Prometheus server, its storage and log under `dir`; killed on destruction.
class PrometheusProcess {
 public:
  bool start(const std::string& dir, const std::string& config, uint16_t port) {
    log_ = dir + "/prometheus.log";
    std::vector<std::string> text = {kPrometheus, "--config.file=" + config, "--storage.tsdb.path=" + dir + "/tsdb",
                                     "--web.listen-address=127.0.0.1:" + std::to_string(port)};
    std::vector<char*> argv;
    for (auto& arg : text) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ < 0) return false;
    if (pid_ == 0) {
      const int log = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      ::dup2(log, STDOUT_FILENO);
      ::dup2(log, STDERR_FILENO);
      sigset_t none;
      sigemptyset(&none);
      ::sigprocmask(SIG_SETMASK, &none, nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (http_get(port, "/-/ready").status == 200) return true;
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }

  std::string log() const {
    std::ifstream in(log_);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  ~PrometheusProcess() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100 && ::waitpid(pid_, nullptr, WNOHANG) == 0; ++i) std::this_thread::sleep_for(50ms);
    if (::waitpid(pid_, nullptr, WNOHANG) == 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

 private:
  pid_t pid_ = -1;
  std::string log_;
};

// The value of an instant query's single series, or nullopt while it has none.
std::optional<std::string> query_value(uint16_t port, const std::string& promql) {
  HttpReply reply = http_get(port, "/api/v1/query?query=" + url_encode(promql));
  if (reply.status != 200) return std::nullopt;
  json answer = json::parse(reply.body, nullptr, false);
  if (answer.is_discarded() || answer["status"] != "success") return std::nullopt;
  const json& result = answer["data"]["result"];
  if (!result.is_array() || result.size() != 1) return std::nullopt;
  return result[0]["value"][1].get<std::string>();
}

class DaemonPrometheusTest : public DaemonTest {};

TEST_F(DaemonPrometheusTest, ScrapesTheDaemonAndAnswersQueries) {
  if (!std::filesystem::exists(kPrometheus)) GTEST_SKIP() << "prometheus is not installed (Debian package prometheus)";
  // Three connections waiting in the accept queue of a listener.
  uint16_t listen_port = 0;
  UniqueFd listener = tcp_listen(&listen_port);
  ASSERT_TRUE(listener.valid());
  std::vector<UniqueFd> clients;
  for (int i = 0; i < 3; ++i) clients.push_back(tcp_connect(listen_port));

  const uint16_t metrics_port = free_loopback_port();
  start_daemon({"--interval", "0.2", "--metrics-listen", "127.0.0.1:" + std::to_string(metrics_port)});

  const std::string config = dir_.file("prometheus.yml");
  std::ofstream(config) << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                        << "rule_files:\n  - " << kRules << "\n"
                        << "scrape_configs:\n  - job_name: sockscope\n    static_configs:\n"
                        << "      - targets: ['127.0.0.1:" << metrics_port << "']\n";
  const uint16_t prometheus_port = free_loopback_port();
  PrometheusProcess prometheus;
  ASSERT_TRUE(prometheus.start(dir_.path(), config, prometheus_port)) << prometheus.log();

  const std::string series = "sockscope_listener_accept_queue{job=\"sockscope\",address=\"127.0.0.1\",port=\"" +
                             std::to_string(listen_port) + "\"}";
  std::optional<std::string> queued;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    queued = query_value(prometheus_port, series);
    if (queued) break;
    std::this_thread::sleep_for(250ms);
  }
  ASSERT_TRUE(queued.has_value()) << "Prometheus never had " << series << "\n" << prometheus.log();
  EXPECT_EQ(*queued, "3");
  EXPECT_EQ(query_value(prometheus_port, "up{job=\"sockscope\"}"), "1");
  EXPECT_EQ(query_value(prometheus_port, "sum(sockscope_findings)"), "0");

  // The shipped rules loaded into the server: three groups.
  HttpReply rules = http_get(prometheus_port, "/api/v1/rules");
  ASSERT_EQ(rules.status, 200);
  json groups = json::parse(rules.body, nullptr, false)["data"]["groups"];
  EXPECT_EQ(groups.size(), 3u) << rules.body;
}

TEST(PrometheusRules, PromtoolCheckRulesPasses) {
  if (!std::filesystem::exists(kPromtool)) GTEST_SKIP() << "promtool is not installed (Debian package prometheus)";
  int status = -1;
  const std::string out = run_command(std::string(kPromtool) + " check rules " + kRules + " 2>&1", &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("SUCCESS: 11 rules found"), std::string::npos) << out;
}

}  // namespace
}  // namespace sockscope::testing

#include "tmux_session.h"

#include <signal.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "child_run.h"

namespace sockscope::testing {

namespace {

using namespace std::chrono_literals;

constexpr auto kTmuxCommandLimit = 5s;
constexpr auto kPollStep = 100ms;

// remain-on-exit keeps a finished command's last screen and exit status;
// without a status line the pane is the whole window.
constexpr const char* kServerConfig =
    "set -g remain-on-exit on\n"
    "set -g status off\n"
    "set -g history-limit 2000\n";

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string trim_newline(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace

bool process_running(pid_t pid) {
  if (pid <= 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return false;
  // "pid (comm) S ...": the state follows the last ')'.
  size_t after_name = text.rfind(')');
  return after_name != std::string::npos && after_name + 2 < text.size() && text[after_name + 2] != 'Z';
}

std::string screen_text(const std::vector<std::string>& screen) {
  std::string text;
  for (const auto& line : screen) text += line + "\n";
  return text;
}

TmuxSession::TmuxSession(TermSize size, const std::vector<std::string>& argv, const std::vector<std::string>& env)
    : socket_(dir_.file("tmux.sock")), target_("=watch:0.0") {
  if (dir_.path().empty()) {
    start_error_ = "mkdtemp failed";
    return;
  }
  std::ofstream(dir_.file("tmux.conf")) << kServerConfig;
  std::vector<std::string> args = {"new-session", "-d", "-s", "watch", "-x", std::to_string(size.cols),
                                   "-y", std::to_string(size.rows), "--", "env", "-u", "NO_COLOR"};
  args.insert(args.end(), env.begin(), env.end());
  args.insert(args.end(), argv.begin(), argv.end());
  ChildResult started = run_tmux(args);
  if (started.exit_status != 0) {
    start_error_ = "tmux new-session failed (" + std::to_string(started.exit_status) + "): " + started.err;
    return;
  }
  started_ = true;
  if (auto pids = display("#{pane_pid} #{pid}")) {
    std::istringstream in(*pids);
    in >> pane_pid_ >> server_pid_;
  }
}

TmuxSession::~TmuxSession() { stop_server(); }

void TmuxSession::stop_server() {
  if (!started_) return;
  // Whatever the pane still runs goes first, the whole process group (a
  // shell and the program it started), so nothing outlives the test.
  if (pane_pid_ > 0 && pane_alive()) {
    ::kill(-pane_pid_, SIGKILL);
    // A command started a moment ago may not lead its process group yet.
    ::kill(pane_pid_, SIGKILL);
    wait_exit(2s);
  }
  tmux({"kill-server"});
  if (process_running(pane_pid_)) {  // it ignored the hangup kill-server sent
    ::kill(-pane_pid_, SIGKILL);
    ::kill(pane_pid_, SIGKILL);
  }
  auto deadline = std::chrono::steady_clock::now() + 2s;
  while (process_running(server_pid_) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  started_ = false;
}

ChildResult TmuxSession::run_tmux(const std::vector<std::string>& args) {
  std::vector<std::string> command = {"tmux", "-S", socket_, "-f", dir_.file("tmux.conf")};
  command.insert(command.end(), args.begin(), args.end());
  return run_child(command, kTmuxCommandLimit);
}

std::optional<std::string> TmuxSession::tmux(const std::vector<std::string>& args) {
  ChildResult result = run_tmux(args);
  if (result.exit_status != 0) return std::nullopt;
  return result.out;
}

bool TmuxSession::send_text(const std::string& text) {
  return started_ && tmux({"send-keys", "-t", target_, "-l", "--", text}).has_value();
}

bool TmuxSession::send_key(const std::string& name) {
  return started_ && tmux({"send-keys", "-t", target_, name}).has_value();
}

std::vector<std::string> TmuxSession::capture_lines(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"capture-pane", "-p", "-t", target_};
  args.insert(args.end(), extra.begin(), extra.end());
  auto out = tmux(args);
  return out ? split_lines(*out) : std::vector<std::string>{};
}

std::vector<std::string> TmuxSession::capture() { return capture_lines({}); }
std::vector<std::string> TmuxSession::capture_escapes() { return capture_lines({"-e"}); }
std::vector<std::string> TmuxSession::capture_with_history() { return capture_lines({"-S", "-"}); }

bool TmuxSession::wait_for(const std::function<bool(const std::vector<std::string>&)>& done,
                           std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    last_screen_ = capture();
    // A capture can land while the program is still writing a frame: only a
    // screen that a second capture repeats counts as drawn.
    if (done(last_screen_) && capture() == last_screen_) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(kPollStep);
  }
}

bool TmuxSession::wait_for_text(const std::string& text, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    last_screen_ = capture_with_history();
    if (screen_text(last_screen_).find(text) != std::string::npos) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(kPollStep);
  }
}

std::string TmuxSession::last_screen_text() const { return screen_text(last_screen_); }

bool TmuxSession::resize(TermSize size) {
  return started_ &&
         tmux({"resize-window", "-t", target_, "-x", std::to_string(size.cols), "-y", std::to_string(size.rows)})
             .has_value();
}

std::optional<TermSize> TmuxSession::size() {
  auto text = display("#{pane_width} #{pane_height}");
  if (!text) return std::nullopt;
  TermSize result;
  std::istringstream in(*text);
  if (!(in >> result.cols >> result.rows)) return std::nullopt;
  return result;
}

std::optional<std::string> TmuxSession::display(const std::string& format) {
  if (!started_) return std::nullopt;
  auto out = tmux({"display-message", "-p", "-t", target_, format});
  if (!out) return std::nullopt;
  return trim_newline(*out);
}

bool TmuxSession::pane_alive() {
  auto dead = display("#{pane_dead}");
  return dead && *dead == "0";
}

bool TmuxSession::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pane_alive()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(kPollStep / 2);
  }
  return true;
}

std::optional<TermModes> TmuxSession::modes() {
  auto text = display("#{alternate_on} #{cursor_flag} #{keypad_cursor_flag}");
  if (!text) return std::nullopt;
  std::istringstream in(*text);
  int alternate = 0;
  int cursor = 0;
  int keypad = 0;
  if (!(in >> alternate >> cursor >> keypad)) return std::nullopt;
  return TermModes{alternate != 0, cursor != 0, keypad != 0};
}

}  // namespace sockscope::testing

// A terminal for screen tests: one pane of a private tmux server (its own
// socket in a temporary directory, never the user's server) running one
// command. Tests type into it with send_keys and read it with capture.
//
// The tmux server is forked from the test process, so the pane's command
// runs in the test's network namespace and sees the test's sockets.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "child_run.h"
#include "daemon_harness.h"

namespace sockscope::testing {

struct TermSize {
  int cols = 80;
  int rows = 24;
};

// The pane's terminal modes, as tmux tracks them from what the program wrote.
struct TermModes {
  bool alternate_screen = false;  // smcup without rmcup
  bool cursor_visible = true;     // civis without cnorm clears it
  bool keypad_mode = false;       // smkx without rmkx
};

class TmuxSession {
 public:
  // Starts `argv` in a detached session of `size`. `env` entries
  // ("NAME=VALUE") are added to the command's environment; NO_COLOR is
  // removed from it unless `env` sets it. The pane stays after its command
  // exits (remain-on-exit), so its last screen and exit status can be read.
  TmuxSession(TermSize size, const std::vector<std::string>& argv, const std::vector<std::string>& env = {});
  ~TmuxSession();
  TmuxSession(const TmuxSession&) = delete;
  TmuxSession& operator=(const TmuxSession&) = delete;

  bool started() const { return started_; }
  const std::string& start_error() const { return start_error_; }

  // Literal text, each character a key press.
  bool send_text(const std::string& text);
  // tmux key names: Enter, Escape, Up, Down, NPage, PPage, BSpace, C-c, ...
  bool send_key(const std::string& name);

  // The visible screen, one string per row (trailing blanks trimmed by tmux).
  std::vector<std::string> capture();
  // The same with SGR escape sequences for colours and attributes.
  std::vector<std::string> capture_escapes();
  // The scrollback above the screen and the screen.
  std::vector<std::string> capture_with_history();

  // Polls the screen every 100 ms until `done` accepts a settled screen (two
  // captures alike); false on timeout.
  // The last screen read is kept in last_screen() for failure messages.
  bool wait_for(const std::function<bool(const std::vector<std::string>&)>& done,
                std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // The same for `text` anywhere in the pane, scrollback included: when a
  // command ends at once, its first lines may already sit in the history.
  bool wait_for_text(const std::string& text, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  const std::vector<std::string>& last_screen() const { return last_screen_; }
  std::string last_screen_text() const;

  bool resize(TermSize size);
  std::optional<TermSize> size();

  // The pane's first process (the command given), while tmux knows it.
  pid_t pane_pid() const { return pane_pid_; }
  bool pane_alive();
  // Until the command has ended (false after `timeout`). tmux 3.3 does not
  // always learn the exit status of a pane whose terminal closed first, so
  // a test that needs it has the command print it (`echo exited-$?`).
  bool wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  std::optional<TermModes> modes();

  // `tmux display-message -p FORMAT` for this pane.
  std::optional<std::string> display(const std::string& format);

 private:
  // Runs `tmux -S <socket> -f <config> args...`.
  ChildResult run_tmux(const std::vector<std::string>& args);
  // Its stdout, or nullopt when tmux failed.
  std::optional<std::string> tmux(const std::vector<std::string>& args);
  std::vector<std::string> capture_lines(const std::vector<std::string>& extra);
  void stop_server();

  TempDir dir_;
  std::string socket_;
  std::string target_;
  bool started_ = false;
  std::string start_error_;
  pid_t pane_pid_ = -1;
  pid_t server_pid_ = -1;
  std::vector<std::string> last_screen_;
};

// Alive and not a zombie waiting to be reaped.
bool process_running(pid_t pid);

// Joins screen rows with '\n', for failure messages and searches.
std::string screen_text(const std::vector<std::string>& screen);

}  // namespace sockscope::testing

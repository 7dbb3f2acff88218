// Logger: one line per message on stderr, with a level. Under journald
// (stderr is the stream named by JOURNAL_STREAM) each line starts with the
// sd-daemon "<N>" priority prefix so the journal keeps the level; elsewhere it
// reads "sockscoped[pid]: info: message". An object, not a global: whoever
// logs is handed one.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string_view>
#include <utility>

namespace sockscope::daemon {

enum class LogLevel { Debug = 0, Info = 1, Warning = 2, Error = 3 };

// "debug", "info", "warning" (or "warn"), "error".
std::optional<LogLevel> parse_log_level(std::string_view text);

class Logger {
 public:
  Logger();  // detects journald and reads the pid once

  void set_level(LogLevel level) { level_ = level; }
  bool enabled(LogLevel level) const { return level >= level_; }

  template <typename... Args>
  void debug(fmt::format_string<Args...> format, Args&&... args) {
    log(LogLevel::Debug, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void info(fmt::format_string<Args...> format, Args&&... args) {
    log(LogLevel::Info, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void warning(fmt::format_string<Args...> format, Args&&... args) {
    log(LogLevel::Warning, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void error(fmt::format_string<Args...> format, Args&&... args) {
    log(LogLevel::Error, format, std::forward<Args>(args)...);
  }

  // Writes one line (a newline is added) in a single write(2), so lines from
  // this process never interleave.
  void write(LogLevel level, std::string_view message) const;

 private:
  template <typename... Args>
  void log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
    if (!enabled(level)) return;
    write(level, fmt::format(format, std::forward<Args>(args)...));
  }

  LogLevel level_ = LogLevel::Info;
  bool journal_ = false;
  long pid_ = 0;
};

}  // namespace sockscope::daemon

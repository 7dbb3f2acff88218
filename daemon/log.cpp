#include "log.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>

namespace sockscope::daemon {

namespace {

// JOURNAL_STREAM is "DEV:INODE" of the stream systemd connected; it is only
// ours if stderr is still that stream (not redirected by a wrapper).
bool stderr_is_journal() {
  const char* value = std::getenv("JOURNAL_STREAM");
  if (value == nullptr) return false;
  unsigned long long dev = 0, ino = 0;
  if (std::sscanf(value, "%llu:%llu", &dev, &ino) != 2) return false;
  struct stat st {};
  if (::fstat(STDERR_FILENO, &st) != 0) return false;
  return st.st_dev == dev && st.st_ino == ino;
}

// sd-daemon priorities (syslog levels).
int syslog_priority(LogLevel level) {
  switch (level) {
    case LogLevel::Debug:
      return 7;
    case LogLevel::Info:
      return 6;
    case LogLevel::Warning:
      return 4;
    case LogLevel::Error:
      return 3;
  }
  return 6;
}

std::string_view level_name(LogLevel level) {
  switch (level) {
    case LogLevel::Debug:
      return "debug";
    case LogLevel::Info:
      return "info";
    case LogLevel::Warning:
      return "warning";
    case LogLevel::Error:
      return "error";
  }
  return "info";
}

}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view text) {
  if (text == "debug") return LogLevel::Debug;
  if (text == "info") return LogLevel::Info;
  if (text == "warning" || text == "warn") return LogLevel::Warning;
  if (text == "error") return LogLevel::Error;
  return std::nullopt;
}

Logger::Logger() : journal_(stderr_is_journal()), pid_(static_cast<long>(::getpid())) {}

void Logger::write(LogLevel level, std::string_view message) const {
  fmt::memory_buffer line;
  if (journal_) {
    // The journal adds the program name and pid itself.
    fmt::format_to(std::back_inserter(line), "<{}>{}: {}\n", syslog_priority(level), level_name(level), message);
  } else {
    fmt::format_to(std::back_inserter(line), "sockscoped[{}]: {}: {}\n", pid_, level_name(level), message);
  }
  const char* data = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(STDERR_FILENO, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to report a failing stderr
    data += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace sockscope::daemon

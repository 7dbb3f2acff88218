#include "notifier.h"

#include <systemd/sd-daemon.h>

#include <string>

namespace sockscope::daemon {

Notifier::Notifier() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    watchdog_period_ = std::chrono::microseconds(usec / 2);
  }
}

void Notifier::send(std::string_view message) {
  std::string text(message);
  // Fire and forget: a missing or slow systemd must not affect the daemon.
  (void)sd_notify(0, text.c_str());
}

void Notifier::ready() { send("READY=1"); }
void Notifier::stopping() { send("STOPPING=1"); }
void Notifier::reloading() { send("RELOADING=1"); }
void Notifier::watchdog() {
  if (watchdog_period_) send("WATCHDOG=1");
}

void Notifier::status(std::string_view text) {
  std::string message = "STATUS=";
  // One line: a newline would start a new assignment.
  for (char c : text) message.push_back(c == '\n' ? ' ' : c);
  send(message);
}

}  // namespace sockscope::daemon

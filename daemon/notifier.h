// Notifier: the systemd service protocol (READY, STATUS, WATCHDOG, STOPPING).
// Without systemd (no NOTIFY_SOCKET) every call does nothing.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace sockscope::daemon {

class Notifier {
 public:
  Notifier();  // reads WATCHDOG_USEC once

  void ready();
  void status(std::string_view text);
  void stopping();
  void reloading();
  void watchdog();

  // How often to ping: half the watchdog timeout; nothing when it is off.
  std::optional<std::chrono::microseconds> watchdog_period() const { return watchdog_period_; }

 private:
  void send(std::string_view message);
  std::optional<std::chrono::microseconds> watchdog_period_;
};

}  // namespace sockscope::daemon

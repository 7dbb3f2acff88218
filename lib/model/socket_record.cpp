#include "model/socket_record.h"

namespace sockscope {

std::string_view timer_kind_name(TimerKind k) {
  switch (k) {
    case TimerKind::None: return "none";
    case TimerKind::Retransmit: return "retransmit";
    case TimerKind::Keepalive: return "keepalive";
    case TimerKind::TimeWait: return "time_wait";
    case TimerKind::ZeroWindowProbe: return "zero_window_probe";
  }
  return "unknown";
}

}  // namespace sockscope

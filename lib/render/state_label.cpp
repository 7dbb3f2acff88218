#include "render/state_label.h"

namespace sockscope {

std::string_view table_state_label(TcpState state) {
  switch (user_visible(state)) {
    case TcpState::Established: return "ESTAB";
    case TcpState::SynSent: return "SYN-SENT";
    case TcpState::SynRecv: return "SYN-RECV";
    case TcpState::FinWait1: return "FIN-WAIT-1";
    case TcpState::FinWait2: return "FIN-WAIT-2";
    case TcpState::TimeWait: return "TIME-WAIT";
    case TcpState::Close: return "UNCONN";
    case TcpState::CloseWait: return "CLOSE-WAIT";
    case TcpState::LastAck: return "LAST-ACK";
    case TcpState::Listen: return "LISTEN";
    case TcpState::Closing: return "CLOSING";
    default: return "UNKNOWN";
  }
}

}  // namespace sockscope

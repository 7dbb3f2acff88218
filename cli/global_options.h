// Flags every command accepts.
#pragma once

#include <string>

namespace sockscope::cli {

inline constexpr const char* kDefaultSocketPath = "/run/sockscope/sockscoped.sock";
inline constexpr const char* kSocketPathEnv = "SOCKSCOPE_SOCKET";

struct GlobalOptions {
  bool json = false;
  // Poll in this process instead of asking the daemon, and say nothing about it.
  bool direct = false;
  // The daemon's socket: --socket, else $SOCKSCOPE_SOCKET, else kDefaultSocketPath.
  std::string socket_path = kDefaultSocketPath;
};

}  // namespace sockscope::cli

// parse_socket_link: the target of a /proc/PID/fd link that names a socket.
#include <charconv>

#include "proc/process_scanner.h"

namespace sockscope {

uint64_t parse_socket_link(std::string_view link_target) {
  constexpr std::string_view kPrefix = "socket:[";
  if (!link_target.starts_with(kPrefix) || !link_target.ends_with(']')) return 0;
  std::string_view digits = link_target.substr(kPrefix.size(), link_target.size() - kPrefix.size() - 1);
  if (digits.empty() || digits.front() < '0' || digits.front() > '9') return 0;
  uint64_t inode = 0;
  auto [stop, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), inode, 10);
  if (ec != std::errc{} || stop != digits.data() + digits.size()) return 0;
  return inode;
}

}  // namespace sockscope

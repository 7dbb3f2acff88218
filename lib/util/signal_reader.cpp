#include "util/signal_reader.h"

#include <signal.h>
#include <sys/signalfd.h>

#include <cerrno>

#include "util/fd_io.h"

namespace sockscope {

Result<SignalReader> SignalReader::create(std::initializer_list<int> signals) {
  sigset_t mask;
  sigemptyset(&mask);
  for (int sig : signals) sigaddset(&mask, sig);
  if (::sigprocmask(SIG_BLOCK, &mask, nullptr) != 0) return Error::from_errno("sigprocmask", errno);
  UniqueFd fd(::signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!fd.valid()) return Error::from_errno("signalfd", errno);
  return SignalReader(std::move(fd));
}

std::optional<int> SignalReader::next() {
  signalfd_siginfo info{};
  ssize_t n = read_retrying(fd_.get(), reinterpret_cast<char*>(&info), sizeof info);
  if (n != static_cast<ssize_t>(sizeof info)) return std::nullopt;
  return static_cast<int>(info.ssi_signo);
}

}  // namespace sockscope

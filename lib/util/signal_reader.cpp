#include "util/signal_reader.h"

#include <sys/signalfd.h>

#include <cerrno>

#include "util/fd_io.h"

namespace sockscope {

Result<SignalReader> SignalReader::create(std::initializer_list<int> signals) {
  sigset_t mask;
  sigemptyset(&mask);
  for (int sig : signals) sigaddset(&mask, sig);
  sigset_t before;
  if (::sigprocmask(SIG_BLOCK, &mask, &before) != 0) return Error::from_errno("sigprocmask", errno);
  // Only what this call blocked: a signal the caller had blocked already stays blocked.
  sigset_t to_unblock;
  sigemptyset(&to_unblock);
  for (int sig : signals) {
    if (sigismember(&before, sig) == 0) sigaddset(&to_unblock, sig);
  }
  UniqueFd fd(::signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!fd.valid()) {
    const int saved = errno;
    ::sigprocmask(SIG_UNBLOCK, &to_unblock, nullptr);
    return Error::from_errno("signalfd", saved);
  }
  return SignalReader(std::move(fd), to_unblock);
}

SignalReader::~SignalReader() { restore(); }

SignalReader::SignalReader(SignalReader&& other) noexcept
    : fd_(std::move(other.fd_)), to_unblock_(other.to_unblock_) {}

SignalReader& SignalReader::operator=(SignalReader&& other) noexcept {
  if (this != &other) {
    restore();
    fd_ = std::move(other.fd_);
    to_unblock_ = other.to_unblock_;
  }
  return *this;
}

void SignalReader::restore() {
  // A moved-from reader has no fd, and the mask is the live reader's to restore.
  if (!fd_.valid()) return;
  while (next()) {
  }
  ::sigprocmask(SIG_UNBLOCK, &to_unblock_, nullptr);
  fd_.reset();
}

std::optional<int> SignalReader::next() {
  signalfd_siginfo info{};
  ssize_t n = read_retrying(fd_.get(), reinterpret_cast<char*>(&info), sizeof info);
  if (n != static_cast<ssize_t>(sizeof info)) return std::nullopt;
  return static_cast<int>(info.ssi_signo);
}

}  // namespace sockscope

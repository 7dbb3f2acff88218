#include "listener.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

namespace sockscope::daemon {

namespace {

constexpr int kBacklog = 128;

Result<sockaddr_un> unix_address(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof addr.sun_path) {
    return make_error("socket path '" + path + "' is empty or longer than " + std::to_string(sizeof addr.sun_path - 1) +
                      " bytes");
  }
  std::memcpy(addr.sun_path, path.data(), path.size());
  return addr;
}

// True when a daemon accepts connections on `path` right now.
bool someone_listens(const sockaddr_un& addr) {
  UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!probe.valid()) return false;
  return ::connect(probe.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
}

// Clears the way for bind(): only a dead socket file is removed.
Result<void> remove_stale(const std::string& path, const sockaddr_un& addr, Logger& log) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return {};
    return Error::from_errno("stat " + path, errno);
  }
  if (!S_ISSOCK(st.st_mode)) return make_error(path + " exists and is not a socket; not removing it");
  if (someone_listens(addr)) return make_error("another daemon is listening on " + path);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return Error::from_errno("unlink stale " + path, errno);
  log.info("removed stale socket file {}", path);
  return {};
}

// The group for the socket file: the configured one (must exist), else
// "sockscope" when it exists, else none.
Result<std::optional<gid_t>> socket_gid(const std::optional<std::string>& group) {
  const std::string name = group.value_or("sockscope");
  errno = 0;
  const struct group* entry = ::getgrnam(name.c_str());
  if (entry != nullptr) return std::optional<gid_t>(entry->gr_gid);
  if (group) return make_error("daemon.socket_group: no group named '" + name + "'");
  return std::optional<gid_t>();
}

Result<UniqueFd> bind_socket(const std::string& path, const std::optional<std::string>& group, Logger& log) {
  auto addr = unix_address(path);
  if (!addr) return addr.error();
  auto gid = socket_gid(group);
  if (!gid) return gid.error();

  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::filesystem::create_directories(parent, ec);
    if (ec) return make_error("cannot create directory " + parent.string() + ": " + ec.message());
  }
  if (auto removed = remove_stale(path, *addr, log); !removed) return removed.error();

  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return Error::from_errno("socket(AF_UNIX)", errno);
  // The umask narrows the window before chmod: the file is never wider than 0660.
  mode_t old_mask = ::umask(0117);
  int bound = ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&*addr), sizeof *addr);
  int bind_errno = errno;
  ::umask(old_mask);
  if (bound != 0) return Error::from_errno("bind " + path, bind_errno);
  if (::chmod(path.c_str(), 0660) != 0) {
    int saved = errno;
    ::unlink(path.c_str());
    return Error::from_errno("chmod 0660 " + path, saved);
  }
  if (*gid && ::chown(path.c_str(), static_cast<uid_t>(-1), **gid) != 0) {
    int saved = errno;
    ::unlink(path.c_str());
    return Error::from_errno("chown " + path, saved);
  }
  if (::listen(fd.get(), kBacklog) != 0) {
    int saved = errno;
    ::unlink(path.c_str());
    return Error::from_errno("listen " + path, saved);
  }
  return fd;
}

// The first socket systemd passed, if it is a listening Unix stream socket.
Result<std::optional<UniqueFd>> inherited_socket(Logger& log) {
  int count = sd_listen_fds(1);
  if (count < 0) return Error::from_errno("sd_listen_fds", -count);
  if (count == 0) return std::optional<UniqueFd>();
  int fd = SD_LISTEN_FDS_START;
  if (sd_is_socket_unix(fd, SOCK_STREAM, 1, nullptr, 0) <= 0) {
    return make_error("the socket passed by systemd (fd " + std::to_string(fd) +
                      ") is not a listening Unix stream socket");
  }
  if (count > 1) log.warning("systemd passed {} sockets; using the first", count);
  UniqueFd owned(fd);
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0 || ::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
    return Error::from_errno("fcntl on inherited socket", errno);
  }
  return std::optional<UniqueFd>(std::move(owned));
}

}  // namespace

Result<Listener> Listener::open(const std::string& path, const std::optional<std::string>& group, Logger& log) {
  auto inherited = inherited_socket(log);
  if (!inherited) return inherited.error();
  if (*inherited) {
    log.info("listening on the socket passed by systemd");
    return Listener(std::move(**inherited), path, false);
  }
  auto fd = bind_socket(path, group, log);
  if (!fd) return fd.error();
  log.info("listening on {}", path);
  return Listener(std::move(*fd), path, true);
}

Listener::Listener(Listener&& other) noexcept
    : fd_(std::move(other.fd_)), path_(std::move(other.path_)), owns_path_(std::exchange(other.owns_path_, false)) {}

Listener::~Listener() {
  if (owns_path_) ::unlink(path_.c_str());
}

Result<UniqueFd> Listener::accept() {
  for (;;) {
    UniqueFd client(::accept4(fd_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (client.valid()) return client;
    if (errno == EINTR) continue;
    // The peer gave up between the event and accept(): nothing to take.
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ECONNABORTED) return UniqueFd();
    return Error::from_errno("accept", errno);
  }
}

}  // namespace sockscope::daemon

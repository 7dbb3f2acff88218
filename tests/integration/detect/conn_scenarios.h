// Scenarios the connection detector tests share: a forked child that holds
// whatever sockets the test has open, and a second network namespace behind
// a veth pair whose link can be cut under a live connection.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <string>

#include "../states/socket_ops.h"
#include "netns_fixture.h"

namespace sockscope::testing {

// A child forked from the test: it inherits every fd the test has open and
// holds them, doing nothing, until this object is destroyed (SIGKILL).
class ForkedHolder {
 public:
  ForkedHolder() {
    pid_ = ::fork();
    if (pid_ < 0) throw_errno("fork");
    if (pid_ == 0) {
      for (;;) ::pause();
    }
  }
  ForkedHolder(const ForkedHolder&) = delete;
  ForkedHolder& operator=(const ForkedHolder&) = delete;
  ~ForkedHolder() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }

  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// A second namespace joined to the test's by a veth pair: this side is
// 10.199.0.1/24, the peer side 10.199.0.2/24. Names are unique per object;
// the namespace is deleted on destruction (its sockets must be closed first
// for it to go away).
class PeerNamespace {
 public:
  static constexpr const char* kLocalAddress = "10.199.0.1";
  static constexpr const char* kPeerAddress = "10.199.0.2";
  static constexpr const char* kPeerMac = "02:00:00:00:c7:02";

  PeerNamespace() {
    static std::atomic<int> counter{0};
    const int n = counter++;
    const std::string tag = std::to_string(::getpid() % 100000) + "x" + std::to_string(n);
    name_ = "sockscope-test-" + tag;
    local_if_ = "scl" + tag;  // at most 15 characters
    peer_if_ = "scp" + tag;
    run("ip netns add " + name_);
    try {
      run("ip link add " + local_if_ + " type veth peer name " + peer_if_ + " address " + kPeerMac + " netns " +
          name_);
      run("ip addr add " + std::string(kLocalAddress) + "/24 dev " + local_if_);
      run("ip link set " + local_if_ + " up");
      // A permanent neighbour entry: once the link is cut, segments to the
      // peer vanish silently, as they do when a host far away dies, instead
      // of failing ARP here (which reports the host unreachable locally).
      run("ip neigh replace " + std::string(kPeerAddress) + " lladdr " + kPeerMac + " dev " + local_if_ +
          " nud permanent");
      run("ip -n " + name_ + " addr add " + kPeerAddress + "/24 dev " + peer_if_);
      run("ip -n " + name_ + " link set " + peer_if_ + " up");
      run("ip -n " + name_ + " link set lo up");
    } catch (...) {
      run_command("ip netns del " + name_ + " 2>/dev/null");
      throw;
    }
  }
  PeerNamespace(const PeerNamespace&) = delete;
  PeerNamespace& operator=(const PeerNamespace&) = delete;
  ~PeerNamespace() { run_command("ip netns del " + name_ + " 2>/dev/null"); }

  // A TCP listener on the peer address, created inside the peer namespace
  // (the socket stays there; this thread returns to its own namespace).
  UniqueFd listen_inside() const {
    UniqueFd own(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    UniqueFd peer(::open(("/run/netns/" + name_).c_str(), O_RDONLY | O_CLOEXEC));
    if (!own.valid() || !peer.valid()) throw_errno("open netns");
    if (::setns(peer.get(), CLONE_NEWNET) != 0) throw_errno("setns peer");
    UniqueFd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    const int saved = errno;
    bool bound = false;
    if (listener.valid()) {
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      ::inet_pton(AF_INET, kPeerAddress, &addr.sin_addr);
      bound = ::bind(listener.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0 &&
              ::listen(listener.get(), 16) == 0;
    }
    if (::setns(own.get(), CLONE_NEWNET) != 0) throw_errno("setns back");
    if (!listener.valid()) {
      errno = saved;
      throw_errno("socket in peer namespace");
    }
    if (!bound) throw_errno("bind/listen in peer namespace");
    return listener;
  }

  // A connected socket from this namespace to the peer address.
  static UniqueFd connect_to_peer(uint16_t port) {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) throw_errno("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    ::inet_pton(AF_INET, kPeerAddress, &addr.sin_addr);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) throw_errno("connect");
    return fd;
  }

  // Takes the peer's end of the link down: from now on nothing crosses it,
  // and the peer says nothing (no FIN, no RST): it has vanished.
  void cut() { run("ip -n " + name_ + " link set " + peer_if_ + " down"); }

  const std::string& name() const { return name_; }

 private:
  static void run(const std::string& command) {
    int status = 0;
    const std::string output = run_command(command + " 2>&1", &status);
    if (status != 0) throw std::runtime_error(command + " failed (" + std::to_string(status) + "): " + output);
  }

  std::string name_, local_if_, peer_if_;
};

}  // namespace sockscope::testing

// Hand-built inputs for the connection detector tests (close_wait_buildup,
// half_open, shared_listener): sockets with cookies, owners and tcp_info, a
// tracker fed once a second, and runners for direct and daemon mode.
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "../synthetic.h"
#include "detect/detector.h"

namespace sockscope::test {

// A TCP socket with a cookie and an inode (0: nobody holds it).
inline SocketRecord conn(TcpState state, const std::string& local, uint16_t lport, const std::string& remote,
                         uint16_t rport, uint64_t cookie, uint64_t inode) {
  SocketRecord s = record(Proto::Tcp, state, local, lport, remote, rport, inode);
  s.cookie = cookie;
  return s;
}

// Marks the socket as carrying a full tcp_info, as a current kernel sends it.
inline SocketRecord& with_tcp_info(SocketRecord& s) {
  s.tcp_info_len = sizeof(TcpInfo);
  return s;
}

inline ProcessRef process(int32_t pid, const std::string& comm, int32_t fd = 3) { return ProcessRef{pid, comm, fd}; }

// Runs one detector without a tracker or history, as direct mode does.
inline std::vector<Finding> run_direct(DetectorFn detector, const Snapshot& snapshot, const DetectorsConfig& config) {
  DetectorInput input{snapshot, nullptr, nullptr, config};
  std::vector<Finding> out;
  detector(input, out);
  return out;
}

inline MonoClock::time_point second(double s) {
  return MonoClock::time_point{} + std::chrono::hours(1) +
         std::chrono::duration_cast<MonoClock::duration>(std::chrono::duration<double>(s));
}

// A daemon that polls at chosen seconds: each socket joins the polls from
// its own second on, so the tracker first sees it (in its state) then.
class Timeline {
 public:
  void add(const SocketRecord& socket, double from_s) { sockets_.push_back({socket, from_s, kForever}); }
  // A socket that is in the polls from `from_s` until just before `until_s`
  // (a different state of one cookie can take over from then).
  void add_until(const SocketRecord& socket, double from_s, double until_s) {
    sockets_.push_back({socket, from_s, until_s});
  }
  void set_processes(ProcessIndex processes) { processes_ = std::move(processes); }
  void set_sysctls(const Sysctls& sysctls) { sysctls_ = sysctls; }

  // Polls every `step_s` from second 0 up to `now_s` (inclusive) and runs the
  // detector on the last poll.
  std::vector<Finding> run(DetectorFn detector, const DetectorsConfig& config, double now_s, double step_s = 1.0) {
    Tracker tracker;
    Snapshot snapshot;
    for (int i = 0;; ++i) {
      const double t = i * step_s;
      if (t > now_s + 1e-9) break;
      snapshot = snapshot_at(t);
      tracker.update(snapshot, second(t));
      last_poll_s_ = t;
    }
    History history(4);
    history.push(aggregate_poll(snapshot, nullptr));
    DetectorInput input{snapshot, &tracker, &history, config, second(last_poll_s_), step_s};
    std::vector<Finding> out;
    detector(input, out);
    return out;
  }

  // The snapshot of the poll at `t`, for a direct-mode run on the same sockets.
  Snapshot snapshot_at(double t) const {
    Snapshot snapshot;
    for (const Entry& e : sockets_) {
      if (e.from_s <= t + 1e-9 && t + 1e-9 < e.until_s) snapshot.sockets.push_back(e.socket);
    }
    snapshot.processes = processes_;
    snapshot.system.sysctls = sysctls_;
    return snapshot;
  }

 private:
  static constexpr double kForever = 1e18;
  struct Entry {
    SocketRecord socket;
    double from_s = 0;
    double until_s = kForever;
  };
  std::vector<Entry> sockets_;
  ProcessIndex processes_;
  Sysctls sysctls_;
  double last_poll_s_ = 0;
};

inline const Finding* find_id(const std::vector<Finding>& findings, const std::string& id) {
  for (const Finding& f : findings) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

}  // namespace sockscope::test

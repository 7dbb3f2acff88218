// Times scan_processes over a /proc tree: the per-poll cost of process
// attribution. Compare with `ss -tanp` on the same population.
//
// Not part of the CMake build; compile it by hand from the repo root:
//   g++ -std=c++20 -O2 -Ilib bench/proc_scan_timer.cpp lib/proc/*.cpp -o /tmp/proc_scan_timer
//   /tmp/proc_scan_timer [runs] [proc_root]
// Run as root to see every process's fds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "proc/process_scanner.h"

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  const std::string root = argc > 2 ? argv[2] : "/proc";

  // scan_processes reports an unlistable root as an empty index; say so plainly.
  std::error_code error;
  if (!std::filesystem::is_directory(root, error)) {
    std::fprintf(stderr, "%s is not a directory\n", root.c_str());
    return 1;
  }
  std::vector<double> seconds;
  sockscope::ProcessIndex index;
  for (int i = 0; i < runs; ++i) {
    auto started = std::chrono::steady_clock::now();
    index = sockscope::scan_processes(root);
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  std::sort(seconds.begin(), seconds.end());

  std::printf("sockets %zu  holdings %zu  processes scanned %u  unreadable %u\n", index.sockets(), index.holdings(),
              index.processes_scanned, index.processes_unreadable);
  std::printf("runs %d  min %.4f s  median %.4f s  max %.4f s\n", runs, seconds.front(), seconds[seconds.size() / 2],
              seconds.back());
  return 0;
}

// poll_timer: times full collector polls, for comparison with the kernel
// floor (rawdump). Prints one line per poll and the best and median times.
//
// usage: poll_timer [--polls N] [--no-info] [--no-mem] [--tcp-only] [--fresh]
//   --fresh  gives every poll a new CollectResult, as a caller that does not
//            reuse its result would (the vector's pages are faulted in anew).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "netlink/collector.h"

using namespace sockscope;

int main(int argc, char** argv) {
  int polls = 5;
  bool fresh = false;
  CollectOptions options;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--polls") == 0 && i + 1 < argc) {
      polls = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--no-info") == 0) {
      options.tcp_info = false;
    } else if (std::strcmp(argv[i], "--no-mem") == 0) {
      options.mem = false;
    } else if (std::strcmp(argv[i], "--tcp-only") == 0) {
      options.udp = false;
    } else if (std::strcmp(argv[i], "--fresh") == 0) {
      fresh = true;
    } else {
      std::fprintf(stderr, "usage: poll_timer [--polls N] [--no-info] [--no-mem] [--tcp-only] [--fresh]\n");
      return 2;
    }
  }

  auto collector = SocketCollector::open();
  if (!collector) {
    std::fprintf(stderr, "poll_timer: %s\n", collector.error().describe().c_str());
    return 1;
  }
  std::vector<double> times;
  CollectResult reused;
  for (int i = 0; i < polls; ++i) {
    CollectResult fresh_result;
    CollectResult& result = fresh ? fresh_result : reused;
    const auto start = std::chrono::steady_clock::now();
    auto done = collector->collect(options, result);
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    if (!done) {
      std::fprintf(stderr, "poll_timer: %s\n", done.error().describe().c_str());
      return 1;
    }
    times.push_back(took.count());
    std::printf("poll %d: %.1f ms, %zu sockets, %u messages, %u duplicates, %u retries\n", i + 1, took.count(),
                result.sockets.size(), result.stats.messages, result.stats.duplicates, result.stats.retries);
  }
  if (times.empty()) return 0;
  std::sort(times.begin(), times.end());
  std::printf("best %.1f ms, median %.1f ms\n", times.front(), times[times.size() / 2]);
  return 0;
}

// poll_bench: runs N full collector polls (TCP, IPv4 + IPv6, tcp_info and
// memory, parsed into records) and prints the socket count. Timed from outside
// against rawdump, which does the same dumps and only counts messages.
// usage: poll_bench [loops] [--no-info] [--udp] [--snapshot]
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "collect/poll.h"
#include "netlink/collector.h"

int main(int argc, char** argv) {
  using namespace sockscope;
  int loops = 1;
  bool snapshot = false;
  CollectOptions options;
  options.udp = false;  // rawdump dumps TCP only
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--no-info") == 0) {
      options.tcp_info = options.mem = false;
    } else if (std::strcmp(argv[i], "--udp") == 0) {
      options.udp = true;
    } else if (std::strcmp(argv[i], "--snapshot") == 0) {
      snapshot = true;  // the whole poll: sockets, /proc figures and process owners
    } else {
      loops = std::atoi(argv[i]);
    }
  }
  auto collector = SocketCollector::open();
  if (!collector) {
    std::fprintf(stderr, "poll_bench: %s\n", collector.error().describe().c_str());
    return 1;
  }
  size_t count = 0;
  CollectResult result;
  for (int i = 0; i < loops; ++i) {
    if (snapshot) {
      PollOptions poll;
      poll.sockets = options;
      auto taken = poll_snapshot(*collector, poll);
      if (!taken) {
        std::fprintf(stderr, "poll_bench: %s\n", taken.error().describe().c_str());
        return 1;
      }
      count = taken->sockets.size();
    } else {
      if (auto done = collector->collect(options, result); !done) {
        std::fprintf(stderr, "poll_bench: %s\n", done.error().describe().c_str());
        return 1;
      }
      count = result.sockets.size();
    }
  }
  std::printf("%zu sockets\n", count);
  return 0;
}

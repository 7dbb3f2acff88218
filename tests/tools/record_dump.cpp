// record_dump: performs one real sock_diag dump and writes the raw reply
// datagrams to a file (format in lib/netlink/dump_recording.h), then prints
// what it saw. Used to make tests/data/netlink/*.dump.
//
// usage: record_dump [--proto tcp|udp] [--family 4|6] [--no-info] [--no-mem]
//                    [--states MASK] [--buffer BYTES] OUTPUT
//        record_dump --show RECORDING     replays a recording, one line per socket
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

#include "netlink/diag_request.h"
#include "netlink/diag_socket.h"
#include "netlink/dump_reader.h"
#include "netlink/dump_recording.h"

using namespace sockscope;

namespace {

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: record_dump [--proto tcp|udp] [--family 4|6] [--no-info] [--no-mem]\n"
               "                   [--states MASK] [--buffer BYTES] OUTPUT\n"
               "       record_dump --show RECORDING\n");
  std::exit(2);
}

const char* status_name(BatchStatus s) {
  switch (s) {
    case BatchStatus::More: return "more";
    case BatchStatus::Done: return "done";
    case BatchStatus::Interrupted: return "interrupted";
    case BatchStatus::Unsupported: return "unsupported";
  }
  return "?";
}

void print_record(const SocketRecord& r) {
  std::printf("%s %s %-11s %s -> %s rq %u sq %u ino %llu uid %u cookie %#llx if %u timer %s/%u/%u",
              std::string(proto_name(r.proto)).c_str(), std::string(family_name(r.family)).c_str(),
              std::string(tcp_state_name(r.state)).c_str(), format_endpoint(r.family, r.local).c_str(),
              format_endpoint(r.family, r.remote).c_str(), r.recv_q, r.send_q,
              static_cast<unsigned long long>(r.inode), r.uid, static_cast<unsigned long long>(r.cookie), r.ifindex,
              std::string(timer_kind_name(r.timer.kind)).c_str(), r.timer.expires_ms, r.timer.count);
  if (r.shutdown) std::printf(" shut %u", *r.shutdown);
  if (!r.congestion_name().empty()) std::printf(" cc %s", r.congestion.data());
  if (r.has_tcp_info()) {
    std::printf(" info %u (state %u mss %u unacked %u sacked %u)", r.tcp_info_len, r.tcp_info.state,
                r.tcp_info.snd_mss, r.tcp_info.unacked, r.tcp_info.sacked);
  }
  if (r.mem) std::printf(" mem r%u rb%u t%u tb%u", r.mem->rmem_alloc, r.mem->rcvbuf, r.mem->wmem_alloc, r.mem->sndbuf);
  std::printf("\n");
}

int show(const char* path) {
  auto dump = read_recorded_dump(path);
  if (!dump) {
    std::fprintf(stderr, "record_dump: %s\n", dump.error().describe().c_str());
    return 1;
  }
  RecordedSource source(*dump);
  std::vector<SocketRecord> records;
  auto end = read_dump(source, dump->expect, records);
  if (!end) {
    std::fprintf(stderr, "record_dump: %s\n", end.error().describe().c_str());
    return 1;
  }
  std::printf("%s: %s, seq %u portid %u, %u datagrams, %u messages, %zu sockets\n", path, status_name(end->status),
              dump->expect.seq, dump->expect.portid, end->datagrams, end->messages, records.size());
  for (const auto& r : records) print_record(r);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  DiagRequest request;
  DiagSocketOptions socket_options;
  const char* output = nullptr;
  if (argc == 3 && std::strcmp(argv[1], "--show") == 0) return show(argv[2]);
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage();
      return argv[++i];
    };
    if (arg == "--proto") {
      const auto v = value();
      if (v != "tcp" && v != "udp") usage();
      request.proto = v == "tcp" ? Proto::Tcp : Proto::Udp;
    } else if (arg == "--family") {
      const auto v = value();
      if (v != "4" && v != "6") usage();
      request.family = v == "4" ? Family::Inet : Family::Inet6;
    } else if (arg == "--no-info") {
      request.tcp_info = false;
    } else if (arg == "--no-mem") {
      request.mem = false;
    } else if (arg == "--states") {
      request.states = static_cast<StateMask>(std::strtoul(value().c_str(), nullptr, 0));
    } else if (arg == "--buffer") {
      socket_options.receive_buffer = std::strtoul(value().c_str(), nullptr, 0);
    } else if (!arg.empty() && arg[0] != '-' && output == nullptr) {
      output = argv[i];
    } else {
      usage();
    }
  }
  if (output == nullptr || socket_options.receive_buffer < 4096) usage();

  auto socket = DiagSocket::open(socket_options);
  if (!socket) {
    std::fprintf(stderr, "record_dump: %s\n", socket.error().describe().c_str());
    return 1;
  }
  request.seq = 1;
  RecordedDump recording;
  recording.expect = DumpExpectation{request.seq, socket->portid(), request.proto};
  recording.family = request.family;

  if (auto sent = socket->send(build_diag_request(request).view()); !sent) {
    std::fprintf(stderr, "record_dump: %s\n", sent.error().describe().c_str());
    return 1;
  }
  RecordingSource tap(*socket, recording);
  std::vector<SocketRecord> records;
  auto end = read_dump(tap, recording.expect, records);
  if (!end) {
    std::fprintf(stderr, "record_dump: %s\n", end.error().describe().c_str());
    return 1;
  }
  if (auto written = write_recorded_dump(output, recording); !written) {
    std::fprintf(stderr, "record_dump: %s\n", written.error().describe().c_str());
    return 1;
  }

  size_t largest = 0;
  for (const auto& d : recording.datagrams) largest = std::max(largest, d.bytes.size());
  std::map<uint16_t, size_t> info_lengths;
  for (const auto& r : records) ++info_lengths[r.tcp_info_len];
  std::printf("%s: %s, seq %u portid %u, %u datagrams (largest %zu bytes), %u messages, %zu sockets\n", output,
              status_name(end->status), recording.expect.seq, recording.expect.portid, end->datagrams, largest,
              end->messages, records.size());
  for (const auto& [len, count] : info_lengths) std::printf("  tcp_info_len %u: %zu sockets\n", len, count);
  return 0;
}

// fuzz_seeds: writes the seed corpus for tests/fuzz/diag_parser_fuzz.cpp.
// Every datagram of the given recordings is one seed; the first datagram of
// the first recording is also broken in known ways (truncations, bad lengths,
// flags, error replies) and a few random blobs are added. Deterministic, so
// rerunning it reproduces the committed corpus.
//
// usage: fuzz_seeds OUTDIR RECORDING...
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "../unit/netlink/diag_builder.h"
#include "netlink/dump_recording.h"

using namespace sockscope;
namespace fs = std::filesystem;

namespace {

using testing::Bytes;
using testing::nlmsg;

void write_seed(const fs::path& dir, const std::string& name, const Bytes& bytes) {
  std::ofstream(dir / name, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                    static_cast<std::streamsize>(bytes.size()));
}

template <typename T>
void store(Bytes& b, size_t at, T v) {
  if (at + sizeof v <= b.size()) std::memcpy(b.data() + at, &v, sizeof v);
}

Bytes errno_payload(int32_t err) {
  Bytes p(sizeof(nlmsgerr), 0);
  std::memcpy(p.data(), &err, sizeof err);
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: fuzz_seeds OUTDIR RECORDING...\n");
    return 2;
  }
  const fs::path dir = argv[1];
  fs::create_directories(dir);

  Bytes first;
  DumpExpectation expect;
  for (int i = 2; i < argc; ++i) {
    auto dump = read_recorded_dump(argv[i]);
    if (!dump) {
      std::fprintf(stderr, "fuzz_seeds: %s\n", dump.error().describe().c_str());
      return 1;
    }
    const std::string stem = fs::path(argv[i]).stem().string();
    for (size_t d = 0; d < dump->datagrams.size(); ++d) {
      write_seed(dir, "rec-" + stem + "-" + std::to_string(d), dump->datagrams[d].bytes);
    }
    if (first.empty() && !dump->datagrams.empty()) {
      first = dump->datagrams[0].bytes;
      expect = dump->expect;
    }
  }
  if (first.size() < NLMSG_HDRLEN + sizeof(inet_diag_msg) + NLA_HDRLEN) {
    std::fprintf(stderr, "fuzz_seeds: first recording too small to break\n");
    return 1;
  }

  const size_t attr0 = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(inet_diag_msg));
  auto variant = [&](const std::string& name, auto&& edit) {
    Bytes b = first;
    edit(b);
    write_seed(dir, "broken-" + name, b);
  };
  variant("cut-header", [](Bytes& b) { b.resize(NLMSG_HDRLEN - 1); });
  variant("cut-diag-msg", [](Bytes& b) { b.resize(NLMSG_HDRLEN + 40); });
  variant("cut-half", [](Bytes& b) { b.resize(b.size() / 2); });
  variant("cut-one", [](Bytes& b) { b.pop_back(); });
  variant("nlmsg-len-huge", [](Bytes& b) { store<uint32_t>(b, 0, 0xfffffff0u); });
  variant("nlmsg-len-small", [](Bytes& b) { store<uint32_t>(b, 0, 8); });
  variant("nlmsg-len-short-payload", [](Bytes& b) { store<uint32_t>(b, 0, NLMSG_HDRLEN + 20); });
  variant("nla-len-zero", [&](Bytes& b) { store<uint16_t>(b, attr0, 0); });
  variant("nla-len-three", [&](Bytes& b) { store<uint16_t>(b, attr0, 3); });
  variant("nla-len-huge", [&](Bytes& b) { store<uint16_t>(b, attr0, 0xfff0); });
  variant("nla-type-unknown", [&](Bytes& b) { store<uint16_t>(b, attr0 + 2, 0x7abc); });
  variant("dump-intr", [](Bytes& b) { store<uint16_t>(b, 6, NLM_F_MULTI | NLM_F_DUMP_INTR); });
  variant("wrong-seq", [](Bytes& b) { store<uint32_t>(b, 8, 0xdeadbeef); });
  variant("family-unknown", [](Bytes& b) { b[NLMSG_HDRLEN] = 99; });

  const Bytes done = nlmsg(NLMSG_DONE, Bytes(4, 0), NLM_F_MULTI, expect.seq, expect.portid);
  write_seed(dir, "synth-done", done);
  write_seed(dir, "synth-done-intr", nlmsg(NLMSG_DONE, Bytes(4, 0), NLM_F_MULTI | NLM_F_DUMP_INTR, expect.seq, expect.portid));
  write_seed(dir, "synth-error-enoent", nlmsg(NLMSG_ERROR, errno_payload(-ENOENT), 0, expect.seq, expect.portid));
  write_seed(dir, "synth-error-eperm", nlmsg(NLMSG_ERROR, errno_payload(-EPERM), 0, expect.seq, expect.portid));
  write_seed(dir, "synth-error-intmin", nlmsg(NLMSG_ERROR, errno_payload(INT32_MIN), 0, expect.seq, expect.portid));
  write_seed(dir, "synth-error-short", nlmsg(NLMSG_ERROR, Bytes(2, 0xff), 0, expect.seq, expect.portid));

  std::mt19937 rng(20240601);
  for (int i = 0; i < 4; ++i) {
    Bytes junk(static_cast<size_t>(16 + 97 * i));
    for (auto& byte : junk) byte = static_cast<uint8_t>(rng());
    write_seed(dir, "random-" + std::to_string(i), junk);
  }
  // A valid header around random payload, so the parser goes past the header checks.
  for (int i = 0; i < 4; ++i) {
    Bytes payload(static_cast<size_t>(72 + 37 * i));
    for (auto& byte : payload) byte = static_cast<uint8_t>(rng());
    write_seed(dir, "random-payload-" + std::to_string(i),
               nlmsg(SOCK_DIAG_BY_FAMILY, payload, NLM_F_MULTI, expect.seq, expect.portid));
  }
  return 0;
}

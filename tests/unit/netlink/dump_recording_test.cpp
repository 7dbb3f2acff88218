#include "netlink/dump_recording.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace sockscope {
namespace {

RecordedDump sample() {
  RecordedDump d;
  d.expect = DumpExpectation{0x01020304u, 0xa0b0c0d0u, Proto::Udp};
  d.family = Family::Inet6;
  d.datagrams.push_back({{1, 2, 3}, 0});
  d.datagrams.push_back({{}, 77});
  d.datagrams.push_back({std::vector<uint8_t>(1000, 0x5a), 0});
  return d;
}

TEST(DumpRecording, EncodingIsTheDocumentedLayout) {
  const auto bytes = encode_recorded_dump(sample());
  ASSERT_GE(bytes.size(), 20u + 11u);
  EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 8), "SSDUMP01");
  EXPECT_EQ(bytes[8], 0x04);  // seq, little-endian
  EXPECT_EQ(bytes[11], 0x01);
  EXPECT_EQ(bytes[12], 0xd0);  // portid
  EXPECT_EQ(bytes[16], 10);    // AF_INET6
  EXPECT_EQ(bytes[17], 17);    // IPPROTO_UDP
  EXPECT_EQ(bytes[20], 3);     // first datagram's length
  EXPECT_EQ(bytes[24], 0);     // ... and sender
  EXPECT_EQ(bytes[28], 1);     // ... and bytes
  EXPECT_EQ(bytes.size(), 20u + (8 + 3) + 8 + (8 + 1000));
}

TEST(DumpRecording, RoundTrips) {
  const RecordedDump in = sample();
  auto out = decode_recorded_dump(encode_recorded_dump(in));
  ASSERT_TRUE(out.ok()) << out.error().describe();
  EXPECT_EQ(out->expect.seq, in.expect.seq);
  EXPECT_EQ(out->expect.portid, in.expect.portid);
  EXPECT_EQ(out->expect.proto, Proto::Udp);
  EXPECT_EQ(out->family, Family::Inet6);
  ASSERT_EQ(out->datagrams.size(), 3u);
  EXPECT_EQ(out->datagrams[0].bytes, in.datagrams[0].bytes);
  EXPECT_EQ(out->datagrams[1].sender_portid, 77u);
  EXPECT_EQ(out->datagrams[2].bytes, in.datagrams[2].bytes);
}

TEST(DumpRecording, RejectsBrokenFiles) {
  auto bytes = encode_recorded_dump(sample());
  auto bad_magic = bytes;
  bad_magic[0] = 'X';
  EXPECT_FALSE(decode_recorded_dump(bad_magic).ok());

  auto cut = bytes;
  cut.resize(cut.size() - 1);
  EXPECT_FALSE(decode_recorded_dump(cut).ok());

  auto cut_header = bytes;
  cut_header.resize(20 + 5);
  EXPECT_FALSE(decode_recorded_dump(cut_header).ok());

  auto bad_family = bytes;
  bad_family[16] = 1;
  EXPECT_FALSE(decode_recorded_dump(bad_family).ok());

  EXPECT_FALSE(decode_recorded_dump({}).ok());
}

TEST(DumpRecording, WritesAndReadsFiles) {
  const auto path = std::filesystem::temp_directory_path() / ("sockscope-rec-" + std::to_string(::getpid()));
  ASSERT_TRUE(write_recorded_dump(path, sample()).ok());
  auto back = read_recorded_dump(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->datagrams.size(), 3u);

  auto missing = read_recorded_dump(path);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().err, ENOENT);
}

}  // namespace
}  // namespace sockscope

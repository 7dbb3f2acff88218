#include "render/tcp_info_fields.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace sockscope {
namespace {

const TcpInfoField& field(std::string_view name) {
  for (const auto& f : tcp_info_fields()) {
    if (f.name == name) return f;
  }
  ADD_FAILURE() << "no field " << name;
  return tcp_info_fields()[0];
}

TEST(TcpInfoFields, CoverTheWholeStructInOrder) {
  std::set<std::string_view> names;
  size_t covered = 0;
  for (const auto& f : tcp_info_fields()) {
    EXPECT_TRUE(names.insert(f.name).second) << f.name;
    // Packed sub-fields share their byte; whole fields follow each other.
    if (f.bits == 0 || f.shift == 0) {
      EXPECT_EQ(f.offset, covered) << f.name;
      covered = f.offset + f.size;
    }
  }
  EXPECT_EQ(covered, sizeof(TcpInfo));
}

TEST(TcpInfoFields, ReadsValuesAndPackedBits) {
  TcpInfo info{};
  info.wscale = 0x7a;  // rcv 7, snd 10
  info.app_limited = 0x5;  // app limited, fastopen_client_fail 2
  info.rtt = 12345;
  info.bytes_acked = 1ull << 40;
  info.total_rto = 65535;
  EXPECT_EQ(field("snd_wscale").read(info), 10u);
  EXPECT_EQ(field("rcv_wscale").read(info), 7u);
  EXPECT_EQ(field("delivery_rate_app_limited").read(info), 1u);
  EXPECT_EQ(field("fastopen_client_fail").read(info), 2u);
  EXPECT_EQ(field("rtt_us").read(info), 12345u);
  EXPECT_EQ(field("bytes_acked").read(info), 1ull << 40);
  EXPECT_EQ(field("total_rto").read(info), 65535u);
}

TEST(TcpInfoFields, PresenceFollowsTheLength) {
  EXPECT_FALSE(field("state").present(0));
  EXPECT_TRUE(field("state").present(1));
  EXPECT_TRUE(field("total_retrans").present(104));
  EXPECT_FALSE(field("pacing_rate").present(104));
  EXPECT_FALSE(field("pacing_rate").present(111));
  EXPECT_TRUE(field("pacing_rate").present(112));
  EXPECT_TRUE(field("total_rto_time_ms").present(248));
  EXPECT_FALSE(field("total_rto_time_ms").present(247));
}

}  // namespace
}  // namespace sockscope

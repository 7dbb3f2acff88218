#include "render/socket_table.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "../synthetic.h"

namespace sockscope {
namespace {

using test::owners_index;
using test::record;

std::vector<std::string> lines_of(const fmt::memory_buffer& out) {
  std::vector<std::string> lines;
  std::istringstream in(fmt::to_string(out));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class SocketTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    records.push_back(record(Proto::Tcp, TcpState::Listen, "0.0.0.0", 80, "0.0.0.0", 0, 111));
    records.back().send_q = 511;
    records.push_back(record(Proto::Udp, TcpState::Close, "127.0.0.53", 53, "0.0.0.0", 0, 112));
    records.push_back(record(Proto::Udp, TcpState::Established, "10.0.0.1", 40001, "10.0.0.53", 53, 113));
    records.push_back(record(Proto::Tcp, TcpState::Established, "2001:db8::1", 443, "2001:db8::2", 51000, 114));
    records.back().recv_q = 1234567;
    records.push_back(record(Proto::Tcp, TcpState::NewSynRecv, "::ffff:10.0.0.1", 8080, "::ffff:10.0.0.9", 5000));
    processes = owners_index({{111, {{10, "nginx", 3}, {11, "nginx", 3}}},
                              {112, {{30, "systemd-resolve", 13}}},
                              {113, {{31, "bad\nname\x7f", 5}}}});
    for (const auto& r : records) pointers.push_back(&r);
  }

  std::vector<SocketRecord> records;
  std::vector<const SocketRecord*> pointers;
  ProcessIndex processes;
};

TEST_F(SocketTableTest, LaysOutLikeSs) {
  fmt::memory_buffer out;
  render_socket_table(out, pointers, processes);
  EXPECT_EQ(fmt::to_string(out),
            "Netid State     Recv-Q Send-Q Local Address:Port     Peer Address:Port      Process\n"
            "tcp   LISTEN         0    511 0.0.0.0:80             0.0.0.0:*              users:((\"nginx\",pid=10,fd=3),(\"nginx\",pid=11,fd=3))\n"
            "udp   UNCONN         0      0 127.0.0.53:53          0.0.0.0:*              users:((\"systemd-resolve\",pid=30,fd=13))\n"
            "udp   ESTAB          0      0 10.0.0.1:40001         10.0.0.53:53           users:((\"bad?name?\",pid=31,fd=5))\n"
            "tcp   ESTAB    1234567      0 [2001:db8::1]:443      [2001:db8::2]:51000\n"
            "tcp   SYN-RECV       0      0 [::ffff:10.0.0.1]:8080 [::ffff:10.0.0.9]:5000\n");
}

TEST_F(SocketTableTest, ColumnsLineUp) {
  fmt::memory_buffer out;
  render_socket_table(out, pointers, processes);
  auto lines = lines_of(out);
  ASSERT_EQ(lines.size(), records.size() + 1);
  size_t local_at = lines[0].find("Local");
  size_t peer_at = lines[0].find("Peer");
  size_t process_at = lines[0].find("Process");
  for (size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i][local_at - 1], ' ') << lines[i];
    EXPECT_NE(lines[i][local_at], ' ') << lines[i];
    EXPECT_EQ(lines[i][peer_at - 1], ' ') << lines[i];
    EXPECT_NE(lines[i][peer_at], ' ') << lines[i];
    if (lines[i].size() > process_at) {
      EXPECT_EQ(lines[i].substr(process_at, 7), "users:(");
    }
    EXPECT_NE(lines[i].back(), ' ') << "trailing space: " << lines[i];
  }
}

TEST_F(SocketTableTest, WithoutProcessColumn) {
  fmt::memory_buffer out;
  render_socket_table(out, pointers, processes, TableOptions{.process_column = false});
  auto lines = lines_of(out);
  EXPECT_EQ(lines[0], "Netid State     Recv-Q Send-Q Local Address:Port     Peer Address:Port");
  EXPECT_EQ(lines[1], "tcp   LISTEN         0    511 0.0.0.0:80             0.0.0.0:*");
  EXPECT_EQ(fmt::to_string(out).find("users:"), std::string::npos);
}

TEST(SocketTable, EmptyListIsJustTheHeader) {
  fmt::memory_buffer out;
  render_socket_table(out, {}, ProcessIndex{});
  EXPECT_EQ(fmt::to_string(out),
            "Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n");
}

TEST(SocketTable, OwnerList) {
  fmt::memory_buffer out;
  std::vector<ProcessRef> owners = {{1, "a b", 0}, {2, "x\ty", 9}};
  append_owner_list(out, owners);
  EXPECT_EQ(fmt::to_string(out), "users:((\"a b\",pid=1,fd=0),(\"x?y\",pid=2,fd=9))");
}

}  // namespace
}  // namespace sockscope

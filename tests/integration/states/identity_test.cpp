// Who a socket is: inode, cookie and uid, checked against what the owning fd
// says about itself.
#include <net/if.h>
#include <sys/fsuid.h>

#include <set>

#include "collector_check.h"
#include "netns_fixture.h"
#include "socket_scenarios.h"

namespace sockscope::testing {
namespace {

class IdentityTest : public NetnsTest {};

uint64_t cookie_of(const UniqueFd& fd) {
  uint64_t cookie = 0;
  socklen_t len = sizeof cookie;
  if (::getsockopt(fd.get(), SOL_SOCKET, SO_COOKIE, &cookie, &len) != 0) throw_errno("SO_COOKIE");
  return cookie;
}

// Creates sockets under another fsuid (the uid the kernel records as the
// socket's owner) and restores root's on the way out.
class FsuidScope {
 public:
  explicit FsuidScope(uid_t uid) : previous_(static_cast<uid_t>(::setfsuid(uid))) {}
  FsuidScope(const FsuidScope&) = delete;
  FsuidScope& operator=(const FsuidScope&) = delete;
  ~FsuidScope() { ::setfsuid(previous_); }

 private:
  uid_t previous_;
};

TEST_F(IdentityTest, InodesMatchFstatAndCookiesAreUniqueAndStable) {
  TcpConn pair = established(Ip::V4);
  UdpPair udp_sockets = udp_pair(Ip::V6);
  TcpConn gone = time_wait(Ip::V4);
  std::vector<Expect> expected = {
      tcp(Ip::V4, TcpState::Listen, pair.server_port, 0),
      tcp(Ip::V4, TcpState::Established, pair.client_port, pair.server_port),
      tcp(Ip::V4, TcpState::Established, pair.server_port, pair.client_port),
      udp(Ip::V6, TcpState::Established, udp_sockets.a_port, udp_sockets.b_port),
      udp(Ip::V6, TcpState::Close, udp_sockets.b_port, 0),
      tcp(Ip::V4, TcpState::Listen, gone.server_port, 0),
      tcp(Ip::V4, TcpState::TimeWait, gone.client_port, gone.server_port),
  };
  const UniqueFd* owners[] = {&pair.listener, &pair.client, &pair.server, &udp_sockets.a, &udp_sockets.b,
                              &gone.listener, nullptr};
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));
  auto again = dumper.dump();
  ASSERT_TRUE(matches_exactly(again, expected));

  std::set<uint64_t> cookies;
  for (size_t i = 0; i < expected.size(); ++i) {
    const SocketRecord& r = find(seen, expected[i]);
    EXPECT_NE(r.cookie, 0u) << describe(r);
    EXPECT_TRUE(cookies.insert(r.cookie).second) << "cookie repeated: " << describe(r);
    EXPECT_EQ(find(again, expected[i]).cookie, r.cookie) << "cookie changed between dumps: " << describe(r);
    if (owners[i] != nullptr) {
      EXPECT_EQ(r.inode, inode_of(*owners[i])) << describe(r);
      EXPECT_EQ(r.cookie, cookie_of(*owners[i])) << describe(r);
    } else {
      EXPECT_EQ(r.inode, 0u) << "TIME_WAIT has no owner: " << describe(r);
    }
  }
}

TEST_F(IdentityTest, UidIsTheCreatorsUid) {
  constexpr uid_t kNobody = 65534;
  UniqueFd root_listener = tcp_listener(Ip::V4);
  UniqueFd nobody_listener;
  UniqueFd nobody_udp;
  {
    FsuidScope as_nobody(kNobody);
    nobody_listener = tcp_listener(Ip::V4);
    nobody_udp = udp_bound(Ip::V6);
  }
  std::vector<Expect> expected = {
      tcp(Ip::V4, TcpState::Listen, local_port(root_listener), 0),
      tcp(Ip::V4, TcpState::Listen, local_port(nobody_listener), 0),
      udp(Ip::V6, TcpState::Close, local_port(nobody_udp), 0),
  };
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));
  EXPECT_EQ(find(seen, expected[0]).uid, 0u);
  EXPECT_EQ(find(seen, expected[1]).uid, kNobody);
  EXPECT_EQ(find(seen, expected[2]).uid, kNobody);
}

// SO_BINDTODEVICE shows as the socket's interface index; others have none.
TEST_F(IdentityTest, BoundInterfaceIndex) {
  UniqueFd on_lo = new_socket(Ip::V4, SOCK_DGRAM);
  constexpr char kLo[] = "lo";
  ASSERT_EQ(::setsockopt(on_lo.get(), SOL_SOCKET, SO_BINDTODEVICE, kLo, sizeof kLo), 0) << std::strerror(errno);
  bind_loopback(on_lo, Ip::V4);
  UniqueFd anywhere = udp_bound(Ip::V4);
  std::vector<Expect> expected = {
      udp(Ip::V4, TcpState::Close, local_port(on_lo), 0),
      udp(Ip::V4, TcpState::Close, local_port(anywhere), 0),
  };
  Dumper dumper;
  auto seen = dumper.dump_until(expected);
  ASSERT_TRUE(matches_exactly(seen, expected));
  EXPECT_EQ(find(seen, expected[0]).ifindex, ::if_nametoindex("lo"));
  EXPECT_EQ(find(seen, expected[1]).ifindex, 0u);
}

}  // namespace
}  // namespace sockscope::testing

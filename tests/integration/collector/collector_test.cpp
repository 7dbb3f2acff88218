// Smoke test of the live collector: real sockets on loopback in a private
// network namespace, checked against what the sockets themselves report.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

#include "netlink/collector.h"
#include "netns_fixture.h"
#include "util/unique_fd.h"

namespace sockscope {
namespace {

using sockscope::testing::NetnsTest;

constexpr uint16_t kListenPort = 7400;
constexpr uint16_t kUdpPort = 7401;
constexpr size_t kUnread = 4321;

sockaddr_in loopback(uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

uint64_t cookie_of(const UniqueFd& fd) {
  uint64_t cookie = 0;
  socklen_t len = sizeof cookie;
  EXPECT_EQ(::getsockopt(fd.get(), SOL_SOCKET, SO_COOKIE, &cookie, &len), 0);
  return cookie;
}

uint64_t inode_of(const UniqueFd& fd) {
  struct stat st {};
  EXPECT_EQ(::fstat(fd.get(), &st), 0);
  return st.st_ino;
}

uint16_t local_port(const UniqueFd& fd) {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  EXPECT_EQ(::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &len), 0);
  return ntohs(a.sin_port);
}

// A listener, one accepted connection with kUnread bytes waiting on the
// server side, and one bound UDP socket.
struct Scene {
  UniqueFd listener, client, server, udp;

  Scene() {
    listener.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    auto addr = loopback(kListenPort);
    EXPECT_EQ(::bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(listener.get(), 8), 0);
    client.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    EXPECT_EQ(::connect(client.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    server.reset(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
    std::vector<char> data(kUnread, 'q');
    EXPECT_EQ(::send(client.get(), data.data(), data.size(), 0), static_cast<ssize_t>(kUnread));
    udp.reset(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    auto uaddr = loopback(kUdpPort);
    EXPECT_EQ(::bind(udp.get(), reinterpret_cast<sockaddr*>(&uaddr), sizeof uaddr), 0);
  }
};

const SocketRecord* by_cookie(const CollectResult& r, uint64_t cookie) {
  for (const auto& s : r.sockets) {
    if (s.cookie == cookie) return &s;
  }
  return nullptr;
}

class CollectorTest : public NetnsTest {};

TEST_F(CollectorTest, SeesExactlyTheSocketsOfTheNamespace) {
  Scene scene;
  auto collector = SocketCollector::open();
  ASSERT_TRUE(collector.ok()) << collector.error().describe();

  CollectResult result;
  // Loopback delivers at once, but give the bytes a moment to land.
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(collector->collect(CollectOptions{}, result).ok());
    const SocketRecord* s = by_cookie(result, cookie_of(scene.server));
    if (s && s->recv_q == kUnread) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(result.stats.tcp_available);
  EXPECT_TRUE(result.stats.udp_available);
  EXPECT_EQ(result.stats.duplicates, 0u);
  ASSERT_EQ(result.sockets.size(), 4u);

  const SocketRecord* listener = by_cookie(result, cookie_of(scene.listener));
  ASSERT_NE(listener, nullptr);
  EXPECT_EQ(listener->state, TcpState::Listen);
  EXPECT_EQ(listener->local.port, kListenPort);
  EXPECT_EQ(listener->send_q, 8u);
  EXPECT_EQ(listener->inode, inode_of(scene.listener));

  const SocketRecord* server = by_cookie(result, cookie_of(scene.server));
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(server->state, TcpState::Established);
  EXPECT_EQ(server->local.port, kListenPort);
  EXPECT_EQ(server->remote.port, local_port(scene.client));
  EXPECT_EQ(server->recv_q, kUnread);
  EXPECT_EQ(server->inode, inode_of(scene.server));
  EXPECT_EQ(server->uid, ::geteuid());
  EXPECT_TRUE(server->has_tcp_info());
  EXPECT_EQ(server->tcp_info.state, static_cast<uint8_t>(TcpState::Established));
  ASSERT_TRUE(server->mem.has_value());
  EXPECT_GE(server->mem->rmem_alloc, kUnread);
  EXPECT_FALSE(server->congestion_name().empty());

  const SocketRecord* client = by_cookie(result, cookie_of(scene.client));
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(client->state, TcpState::Established);
  EXPECT_EQ(client->remote.port, kListenPort);
  EXPECT_EQ(client->local.port, local_port(scene.client));

  const SocketRecord* udp = by_cookie(result, cookie_of(scene.udp));
  ASSERT_NE(udp, nullptr);
  EXPECT_EQ(udp->proto, Proto::Udp);
  EXPECT_EQ(udp->state, TcpState::Close);
  EXPECT_EQ(udp->local.port, kUdpPort);
  EXPECT_TRUE(udp->mem.has_value());
}

TEST_F(CollectorTest, RespectsOptions) {
  Scene scene;
  auto collector = SocketCollector::open();
  ASSERT_TRUE(collector.ok());
  CollectResult result;

  CollectOptions tcp_only;
  tcp_only.udp = false;
  ASSERT_TRUE(collector->collect(tcp_only, result).ok());
  EXPECT_EQ(result.sockets.size(), 3u);

  CollectOptions listeners;
  listeners.states = state_bit(TcpState::Listen);
  listeners.udp = false;
  ASSERT_TRUE(collector->collect(listeners, result).ok());
  ASSERT_EQ(result.sockets.size(), 1u);
  EXPECT_EQ(result.sockets[0].state, TcpState::Listen);

  CollectOptions v6_only;
  v6_only.ipv4 = false;
  ASSERT_TRUE(collector->collect(v6_only, result).ok());
  EXPECT_TRUE(result.sockets.empty());

  CollectOptions bare;
  bare.tcp_info = false;
  bare.mem = false;
  ASSERT_TRUE(collector->collect(bare, result).ok());
  ASSERT_EQ(result.sockets.size(), 4u);
  for (const auto& s : result.sockets) {
    EXPECT_FALSE(s.has_tcp_info());
    EXPECT_FALSE(s.mem.has_value());
  }
}

TEST_F(CollectorTest, ReusedResultFollowsTheNamespace) {
  Scene scene;
  auto collector = SocketCollector::open();
  ASSERT_TRUE(collector.ok());
  CollectResult result;
  ASSERT_TRUE(collector->collect(CollectOptions{}, result).ok());
  EXPECT_EQ(result.sockets.size(), 4u);
  const uint64_t udp_cookie = cookie_of(scene.udp);
  scene.udp.reset();
  ASSERT_TRUE(collector->collect(CollectOptions{}, result).ok());
  EXPECT_EQ(result.sockets.size(), 3u);
  EXPECT_EQ(by_cookie(result, udp_cookie), nullptr);
  EXPECT_GE(result.stats.messages, 3u);
}

}  // namespace
}  // namespace sockscope

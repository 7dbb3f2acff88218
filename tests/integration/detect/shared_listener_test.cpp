// shared_listener against the real kernel: a listening socket inherited by a
// forked child, alone and inside an SO_REUSEPORT group.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "../states/socket_ops.h"
#include "conn_scenarios.h"
#include "detect/detector_fns.h"
#include "detect_harness.h"

namespace {

using namespace sockscope;
using namespace sockscope::testing;

class SharedListenerTest : public NetnsTest {};

std::optional<Finding> only(const std::vector<Finding>& findings) {
  if (findings.size() != 1) return std::nullopt;
  return findings.front();
}

std::vector<int> pids_of(const nlohmann::ordered_json& listener) {
  std::vector<int> pids;
  for (const auto& p : listener.at("processes")) pids.push_back(p.at("pid").get<int>());
  return pids;
}

UniqueFd reuseport_listener(uint16_t port) {
  UniqueFd fd = new_socket(Ip::V4, SOCK_STREAM);
  int on = 1;
  if (::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0) throw_errno("SO_REUSEPORT");
  bind_loopback(fd, Ip::V4, port);
  if (::listen(fd.get(), 32) != 0) throw_errno("listen");
  return fd;
}

TEST_F(SharedListenerTest, ListenerInheritedByAForkedChildIsShared) {
  DetectHarness harness;
  const DetectorsConfig config;
  UniqueFd listener = tcp_listener(Ip::V4, 64);
  const uint16_t port = local_port(listener);
  const std::string id = "shared_listener:127.0.0.1:" + std::to_string(port);

  const auto alone = harness.poll(detect_shared_listener, config);
  EXPECT_TRUE(alone.empty()) << describe(alone);

  {
    ForkedHolder child;
    const auto found = only(harness.poll(detect_shared_listener, config));
    ASSERT_TRUE(found) << describe(harness.poll(detect_shared_listener, config));
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->severity, Severity::Info);
    EXPECT_EQ(found->subject, "127.0.0.1:" + std::to_string(port));
    EXPECT_EQ(found->evidence.at("processes"), 2);
    EXPECT_EQ(found->evidence.at("listening_sockets"), 1);
    EXPECT_EQ(found->evidence.at("reuseport"), false);
    const auto& first = found->evidence.at("listeners").at(0);
    EXPECT_EQ(first.at("backlog"), 64);
    std::vector<int> expected = {::getpid(), child.pid()};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(pids_of(first), expected);
    EXPECT_EQ(found->sockets.size(), 1u);
    EXPECT_NE(found->summary.find("shared by 2 processes"), std::string::npos) << found->summary;
  }

  const auto after = harness.poll(detect_shared_listener, config);
  EXPECT_TRUE(after.empty()) << "the child is gone:" << describe(after);
}

TEST_F(SharedListenerTest, ReuseportGroupListsEachSocketWithItsHolders) {
  DetectHarness harness;
  DetectorsConfig config;
  UniqueFd inherited = reuseport_listener(0);
  const uint16_t port = local_port(inherited);
  ForkedHolder child;
  UniqueFd own = reuseport_listener(port);  // opened after the fork: this process's alone

  const auto found = only(harness.poll(detect_shared_listener, config));
  ASSERT_TRUE(found) << describe(harness.poll(detect_shared_listener, config));
  EXPECT_EQ(found->id, "shared_listener:127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(found->evidence.at("reuseport"), true);
  EXPECT_EQ(found->evidence.at("listening_sockets"), 2);
  EXPECT_EQ(found->evidence.at("shared_sockets"), 1);
  EXPECT_EQ(found->evidence.at("processes"), 2);
  const auto& listeners = found->evidence.at("listeners");
  ASSERT_EQ(listeners.size(), 2u);
  EXPECT_EQ(listeners.at(0).at("process_count"), 2);
  EXPECT_EQ(pids_of(listeners.at(1)), std::vector<int>{::getpid()});
  EXPECT_EQ(found->sockets.size(), 2u);

  config.shared_listener.min_processes = 3;
  const auto stricter = harness.poll(detect_shared_listener, config);
  EXPECT_TRUE(stricter.empty()) << describe(stricter);
}

}  // namespace

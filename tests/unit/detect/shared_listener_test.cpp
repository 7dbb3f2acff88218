#include <gtest/gtest.h>

#include "conn_fixtures.h"
#include "detect/detector_fns.h"

namespace {

using namespace sockscope;
using test::conn;
using test::record;
using test::find_id;
using test::process;
using test::run_direct;

SocketRecord listener(const std::string& address, uint16_t port, uint64_t cookie, uint64_t inode,
                      uint32_t queue = 0, uint32_t backlog = 511) {
  SocketRecord s = conn(TcpState::Listen, address, port, address.find(':') == std::string::npos ? "0.0.0.0" : "::",
                        0, cookie, inode);
  s.recv_q = queue;
  s.send_q = backlog;
  return s;
}

// Holdings as (inode, pid, comm, fd).
struct Hold {
  uint64_t inode;
  int32_t pid;
  std::string comm;
  int32_t fd;
};

Snapshot snapshot_of(std::vector<SocketRecord> sockets, const std::vector<Hold>& holds) {
  Snapshot snap;
  snap.sockets = std::move(sockets);
  std::vector<ProcessIndex::Holding> holdings;
  for (const Hold& h : holds) holdings.push_back({h.inode, process(h.pid, h.comm, h.fd)});
  snap.processes = ProcessIndex(std::move(holdings));
  return snap;
}

std::vector<Finding> run(const Snapshot& snap, const DetectorsConfig& config = DetectorsConfig{}) {
  return run_direct(detect_shared_listener, snap, config);
}

TEST(SharedListener, OneSocketHeldByTwoProcesses) {
  const auto found = run(snapshot_of({listener("0.0.0.0", 8080, 7, 70, 3, 511)},
                                     {{70, 1000, "nginx", 6}, {70, 1001, "nginx", 6}}));
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.id, "shared_listener:0.0.0.0:8080");
  EXPECT_EQ(f.kind, "shared_listener");
  EXPECT_EQ(f.severity, Severity::Info);
  EXPECT_EQ(f.subject, "0.0.0.0:8080");
  EXPECT_EQ(f.summary, "0.0.0.0:8080: one listening socket shared by 2 processes (nginx); each new connection can "
                       "wake all of them");
  EXPECT_EQ(f.evidence.at("local"), "0.0.0.0:8080");
  EXPECT_EQ(f.evidence.at("port"), 8080);
  EXPECT_EQ(f.evidence.at("processes"), 2);
  EXPECT_EQ(f.evidence.at("listening_sockets"), 1);
  EXPECT_EQ(f.evidence.at("shared_sockets"), 1);
  EXPECT_EQ(f.evidence.at("reuseport"), false);
  EXPECT_EQ(f.evidence.at("listeners"), nlohmann::ordered_json::parse(R"([{"accept_queue": 3, "backlog": 511,
      "process_count": 2, "processes": [{"pid": 1000, "comm": "nginx"}, {"pid": 1001, "comm": "nginx"}]}])"));
  EXPECT_EQ(f.sockets, (std::vector<uint64_t>{7}));
  EXPECT_NE(f.advice.find("EPOLLEXCLUSIVE"), std::string::npos);
  EXPECT_NE(f.advice.find("SO_REUSEPORT"), std::string::npos);
}

TEST(SharedListener, OneProcessHoldingTheSocketTwiceIsNotShared) {
  EXPECT_TRUE(run(snapshot_of({listener("0.0.0.0", 8080, 7, 70)}, {{70, 1000, "app", 5}, {70, 1000, "app", 9}}))
                  .empty());
}

TEST(SharedListener, MinProcessesEdge) {
  DetectorsConfig config;
  config.shared_listener.min_processes = 3;
  const Snapshot two = snapshot_of({listener("0.0.0.0", 80, 1, 10)}, {{10, 1, "httpd", 4}, {10, 2, "httpd", 4}});
  EXPECT_TRUE(run(two, config).empty());
  const Snapshot three = snapshot_of({listener("0.0.0.0", 80, 1, 10)},
                                     {{10, 1, "httpd", 4}, {10, 2, "httpd", 4}, {10, 3, "httpd", 4}});
  const auto found = run(three, config);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence.at("processes"), 3);
}

TEST(SharedListener, ReuseportGroupOfOneProcessEachIsNotShared) {
  EXPECT_TRUE(run(snapshot_of({listener("0.0.0.0", 443, 1, 10), listener("0.0.0.0", 443, 2, 11)},
                              {{10, 100, "worker", 5}, {11, 101, "worker", 5}}))
                  .empty());
}

TEST(SharedListener, ReuseportGroupWithASharedSocketListsEachSocketWithItsHolders) {
  const auto found = run(snapshot_of({listener("0.0.0.0", 443, 1, 10, 0, 128), listener("0.0.0.0", 443, 2, 11, 4, 128),
                                      listener("0.0.0.0", 8443, 3, 12)},
                                     {{10, 100, "worker", 5},
                                      {11, 101, "worker", 5},
                                      {11, 102, "helper", 7},
                                      {12, 100, "worker", 6}}));
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.id, "shared_listener:0.0.0.0:443");
  EXPECT_EQ(f.evidence.at("reuseport"), true);
  EXPECT_EQ(f.evidence.at("listening_sockets"), 2);
  EXPECT_EQ(f.evidence.at("shared_sockets"), 1);
  EXPECT_EQ(f.evidence.at("processes"), 3);
  EXPECT_EQ(f.evidence.at("listeners"), nlohmann::ordered_json::parse(R"([
      {"accept_queue": 4, "backlog": 128, "process_count": 2,
       "processes": [{"pid": 101, "comm": "worker"}, {"pid": 102, "comm": "helper"}]},
      {"accept_queue": 0, "backlog": 128, "process_count": 1, "processes": [{"pid": 100, "comm": "worker"}]}])"));
  EXPECT_EQ(f.sockets, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(f.summary, "0.0.0.0:443: 2 SO_REUSEPORT listening sockets, 1 of them shared by several processes; 3 "
                       "processes in all (worker, helper)");
}

TEST(SharedListener, DifferentAddressesOnOnePortAreSeparate) {
  const auto found = run(snapshot_of({listener("0.0.0.0", 80, 1, 10), listener("127.0.0.1", 80, 2, 11),
                                      listener("::", 80, 3, 12)},
                                     {{10, 1, "a", 3}, {10, 2, "a", 3}, {11, 1, "a", 4}, {12, 1, "a", 5}, {12, 3, "b", 5}}));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_NE(find_id(found, "shared_listener:0.0.0.0:80"), nullptr);
  EXPECT_NE(find_id(found, "shared_listener:[::]:80"), nullptr);
}

TEST(SharedListener, UnownedListenersAreNeverShared) {
  DetectorsConfig config;
  config.shared_listener.min_processes = 0;
  EXPECT_TRUE(run(snapshot_of({listener("0.0.0.0", 80, 1, 10)}, {}), config).empty());
}

TEST(SharedListener, OnlyListeningSocketsCount) {
  SocketRecord established = conn(TcpState::Established, "10.0.0.1", 80, "10.0.0.2", 5000, 1, 10);
  SocketRecord udp = record(Proto::Udp, TcpState::Close, "0.0.0.0", 53, "0.0.0.0", 0, 11);
  udp.cookie = 2;
  EXPECT_TRUE(run(snapshot_of({established, udp}, {{10, 1, "a", 3}, {10, 2, "a", 3}, {11, 1, "a", 4}, {11, 2, "a", 4}}))
                  .empty());
}

TEST(SharedListener, ProcessListsAreBounded) {
  std::vector<Hold> holds;
  for (int32_t pid = 1; pid <= 40; ++pid) holds.push_back({10, pid, "gunicorn", 5});
  const auto found = run(snapshot_of({listener("0.0.0.0", 8000, 1, 10)}, holds));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence.at("processes"), 40);
  const auto& first = found[0].evidence.at("listeners").at(0);
  EXPECT_EQ(first.at("process_count"), 40);
  EXPECT_EQ(first.at("processes").size(), 8u);
}

TEST(SharedListener, IdStaysTheSameAsHoldersChange) {
  const auto two = run(snapshot_of({listener("0.0.0.0", 80, 1, 10)}, {{10, 1, "a", 3}, {10, 2, "a", 3}}));
  const auto three =
      run(snapshot_of({listener("0.0.0.0", 80, 1, 10)}, {{10, 1, "a", 3}, {10, 2, "a", 3}, {10, 5, "a", 3}}));
  ASSERT_EQ(two.size(), 1u);
  ASSERT_EQ(three.size(), 1u);
  EXPECT_EQ(two[0].id, three[0].id);
}

TEST(SharedListener, DisabledFindsNothing) {
  DetectorsConfig config;
  config.shared_listener.enabled = false;
  EXPECT_TRUE(run(snapshot_of({listener("0.0.0.0", 80, 1, 10)}, {{10, 1, "a", 3}, {10, 2, "a", 3}}), config).empty());
}

}  // namespace

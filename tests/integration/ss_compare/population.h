// A mixed population of real sockets in every state the scenarios can hold
// still, IPv4 and IPv6, TCP and UDP, with non-zero queues where the kernel
// keeps them. It knows how many sockets of each state it made.
#pragma once

#include <vector>

#include "../states/socket_scenarios.h"
#include "socket_row.h"

namespace sockscope::testing {

class Population {
 public:
  Population() {
    for (Ip ip : {Ip::V4, Ip::V6}) build(ip);
    // Dual stack: ss prints "*" and "[::ffff:...]" for these.
    add(v4_mapped(), {"LISTEN", "ESTABLISHED", "ESTABLISHED"});
    udp_any_ = dual_stack_socket(SOCK_DGRAM);
    count("udp CLOSE", 1);
    // TIME_WAIT last, right before measuring. Every state here lasts far
    // longer than a test: TIME_WAIT and orphaned FIN_WAIT2 60 s, SYN_RECV
    // about 60 s of SYN-ACK retries, SYN_SENT about 2 minutes.
    for (Ip ip : {Ip::V4, Ip::V4, Ip::V6}) add(time_wait(ip), {"LISTEN", "TIME_WAIT"});
  }

  // What ss and sockscope should both count.
  const StateCounts& expected() const { return expected_; }

 private:
  void build(Ip ip) {
    for (int i = 0; i < 2; ++i) {
      TcpConn c = established(ip);
      write_bytes(c.client, 100 + i);  // unread by the server
      write_bytes(c.server, 7);        // unread by the client
      add(std::move(c), {"LISTEN", "ESTABLISHED", "ESTABLISHED"});
    }
    {
      AcceptQueue q = accept_queue(ip, 5, 2);
      count("tcp LISTEN", 1);
      count("tcp ESTABLISHED", 4);
      queues_.push_back(std::move(q));
    }
    {
      TcpConn blocked = established(ip);  // its sender's bytes are never acknowledged
      firewall_.drop_tcp_to(blocked.server_port);
      write_bytes(blocked.client, 2000);
      add(std::move(blocked), {"LISTEN", "ESTABLISHED", "ESTABLISHED"});
    }
    for (int i = 0; i < 2; ++i) {
      TcpConn c = established(ip);
      write_bytes(c.client, 30 + i);
      shutdown_write(c.client);
      wait_tcp_state(c.server, TCP_CLOSE_WAIT, "server to CLOSE_WAIT");
      add(std::move(c), {"LISTEN", "FIN_WAIT2", "CLOSE_WAIT"});
    }
    add(orphan_fin_wait2(ip), {"LISTEN", "FIN_WAIT2", "CLOSE_WAIT"});
    add(fin_wait1(ip, firewall_), {"LISTEN", "FIN_WAIT1", "ESTABLISHED"});
    add(last_ack(ip, firewall_), {"LISTEN", "LAST_ACK", "TIME_WAIT"});
    add(closing(ip, firewall_), {"LISTEN", "CLOSING", "FIN_WAIT1"});
    add(syn_sent(ip, firewall_), {"SYN_SENT"});
    add(syn_recv(ip, firewall_), {"LISTEN", "SYN_RECV", "ESTABLISHED"});
    for (int i = 0; i < 2; ++i) {
      UdpPair p = udp_pair(ip);
      write_bytes(p.a, 10 + i);  // lands unread on the bound socket
      count("udp ESTABLISHED", 1);
      count("udp CLOSE", 1);
      udp_.push_back(std::move(p));
    }
  }

  void add(TcpConn c, std::initializer_list<const char*> states) {
    for (const char* s : states) count(std::string("tcp ") + s, 1);
    tcp_.push_back(std::move(c));
  }
  void count(const std::string& key, int n) { expected_[key] += n; }

  Firewall firewall_;
  std::vector<TcpConn> tcp_;
  std::vector<AcceptQueue> queues_;
  std::vector<UdpPair> udp_;
  UniqueFd udp_any_;
  StateCounts expected_;
};

}  // namespace sockscope::testing

// Thresholds of every detector: the [detectors.<kind>] sections of the config
// and the [findings] section. Defaults here are the documented defaults
// (docs/detectors.md). Percentages are 0..100.
#pragma once

#include <cstdint>

namespace sockscope {

struct TimeWaitBuildupConfig {
  bool enabled = true;
  double warning_pct = 50;   // of tcp_max_tw_buckets
  double critical_pct = 90;
  int64_t warning_count = 30000;  // absolute TIME_WAIT count; 0 = off
  int top_n = 5;             // endpoints listed in the evidence

  bool operator==(const TimeWaitBuildupConfig&) const = default;
};

struct EphemeralPortExhaustionConfig {
  bool enabled = true;
  double warning_pct = 50;   // of the ip_local_port_range size, per (local addr, remote addr, remote port)
  double critical_pct = 80;

  bool operator==(const EphemeralPortExhaustionConfig&) const = default;
};

struct CloseWaitBuildupConfig {
  bool enabled = true;
  double min_age_s = 60;     // younger CLOSE_WAIT sockets are not counted
  int64_t min_count = 5;     // per process
  double max_age_s = 600;    // any one older than this raises on its own

  bool operator==(const CloseWaitBuildupConfig&) const = default;
};

struct HalfOpenConfig {
  bool enabled = true;
  int64_t min_retransmits = 3;  // peer_unreachable / orphan_retransmitting
  double idle_s = 7200;         // idle_no_keepalive: nothing received for this long

  bool operator==(const HalfOpenConfig&) const = default;
};

struct ListenOverflowConfig {
  bool enabled = true;
  double queue_pct = 90;     // accept queue against its backlog

  bool operator==(const ListenOverflowConfig&) const = default;
};

struct SynFloodConfig {
  bool enabled = true;
  int64_t warning_count = 256;   // SYN_RECV sockets
  int64_t critical_count = 1024;

  bool operator==(const SynFloodConfig&) const = default;
};

struct SendStalledConfig {
  bool enabled = true;
  double queue_pct = 90;     // send queue against sndbuf
  int64_t min_polls = 3;     // unchanged for this many polls (daemon only)

  bool operator==(const SendStalledConfig&) const = default;
};

struct RecvStrandedConfig {
  bool enabled = true;
  int64_t min_polls = 3;     // receive queue non-empty and unchanged this many polls
  int64_t min_bytes = 1;

  bool operator==(const RecvStrandedConfig&) const = default;
};

struct OrphansConfig {
  bool enabled = true;
  double warning_pct = 25;   // of tcp_max_orphans
  double critical_pct = 50;

  bool operator==(const OrphansConfig&) const = default;
};

struct TcpMemoryPressureConfig {
  bool enabled = true;
  double critical_pct = 90;  // of tcp_mem max; warning above tcp_mem pressure

  bool operator==(const TcpMemoryPressureConfig&) const = default;
};

struct LingeringConfig {     // fin_wait2_lingering and closing_lingering
  bool enabled = true;
  int64_t warning_count = 1000;
  double max_age_s = 300;    // any one older than this (daemon only)

  bool operator==(const LingeringConfig&) const = default;
};

struct SharedListenerConfig {
  bool enabled = true;
  int64_t min_processes = 2;

  bool operator==(const SharedListenerConfig&) const = default;
};

struct RstStormConfig {
  bool enabled = true;
  double ratio = 5;          // 10 s rate against the 1 min rate
  double min_rate = 10;      // per second over 10 s, below which nothing is raised

  bool operator==(const RstStormConfig&) const = default;
};

struct DetectorsConfig {
  TimeWaitBuildupConfig time_wait_buildup;
  EphemeralPortExhaustionConfig ephemeral_port_exhaustion;
  CloseWaitBuildupConfig close_wait_buildup;
  HalfOpenConfig half_open;
  ListenOverflowConfig listen_overflow;
  SynFloodConfig syn_flood;
  SendStalledConfig send_stalled;
  RecvStrandedConfig recv_stranded;
  OrphansConfig orphans;
  TcpMemoryPressureConfig tcp_memory_pressure;
  LingeringConfig fin_wait2_lingering{true, 1000, 300};
  LingeringConfig closing_lingering{true, 100, 60};
  SharedListenerConfig shared_listener;
  RstStormConfig rst_storm;

  bool operator==(const DetectorsConfig&) const = default;
};

// [findings]: hysteresis.
struct FindingsConfig {
  int64_t raise_after = 2;   // consecutive polls with the condition before it is raised
  int64_t clear_after = 3;   // consecutive polls without it before it is cleared

  bool operator==(const FindingsConfig&) const = default;
};

}  // namespace sockscope

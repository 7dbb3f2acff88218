// ClientServer: accepts connections on the listener and serves each client
// from the event loop. Everything a client does is non-blocking and bounded:
// a line cap, an output cap, an idle timeout and a client limit, so no client
// can hold up a poll or another client.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

#include "answers.h"
#include "client.h"
#include "event_loop.h"
#include "ipc/protocol.h"
#include "listener.h"
#include "log.h"

namespace sockscope::daemon {

struct ClientLimits {
  size_t max_clients = 64;
  size_t output_limit = 16 * 1024 * 1024;
  std::chrono::nanoseconds idle_timeout = std::chrono::minutes(5);
};

class ClientServer {
 public:
  // Builds the response for a parsed request.
  using Answerer = std::function<Answer(const ipc::Request&)>;
  // A streamed answer is topped up while less than this is pending.
  static constexpr size_t kStreamLowWater = 512 * 1024;

  ClientServer(EventLoop& loop, Listener& listener, Logger& log, Answerer answer, ClientLimits limits);
  ~ClientServer();
  ClientServer(const ClientServer&) = delete;
  ClientServer& operator=(const ClientServer&) = delete;

  Result<void> start();  // registers the listener with the loop
  void set_limits(const ClientLimits& limits) { limits_ = limits; }

  size_t clients() const { return clients_.size(); }
  size_t subscribers() const;

  // Sends one poll event to every subscriber; one that has fallen too far
  // behind is dropped.
  void publish_poll(const nlohmann::ordered_json& status);

  // Closes clients that have neither sent nor received anything for the idle
  // timeout. Subscribers are exempt: they wait for us.
  void close_idle(SteadyClock::time_point now);

 private:
  void accept_pending();
  void refuse_busy(UniqueFd fd);
  void on_client_event(uint64_t id, uint32_t events);
  // False when the client was closed.
  bool serve_line(Client& client, const std::string& line, SteadyClock::time_point now);
  // Tops up a streamed answer and then serves held requests; false when
  // the client was closed.
  bool advance(Client& client, SteadyClock::time_point now);
  // False when the client was closed.
  bool deliver(Client& client, std::string_view bytes, SteadyClock::time_point now);
  void update_interest(Client& client);
  void close_client(uint64_t id, std::string_view why);

  EventLoop& loop_;
  Listener& listener_;
  Logger& log_;
  Answerer answer_;
  ClientLimits limits_;
  std::unordered_map<uint64_t, std::unique_ptr<Client>> clients_;
  uint64_t next_id_ = 1;
};

}  // namespace sockscope::daemon

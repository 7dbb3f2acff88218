// Client: one accepted connection. Input goes through a LineFramer with a cap;
// output is queued and written without blocking, as far as the socket takes
// it. The client never waits for the daemon, and the daemon never waits for
// the client.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "answers.h"
#include "ipc/line_framer.h"
#include "util/unique_fd.h"

namespace sockscope::daemon {

using SteadyClock = std::chrono::steady_clock;

struct PeerCredentials {
  pid_t pid = 0;
  uid_t uid = 0;
  gid_t gid = 0;
  bool known = false;
};

class Client {
 public:
  Client(UniqueFd fd, uint64_t id, size_t max_line, SteadyClock::time_point now);

  enum class ReadStatus {
    Open,     // more may come
    Eof,      // the peer finished sending (lines read before it still count)
    Failed,   // a read error: drop the client
    TooLong,  // a line passed the cap
  };
  // Reads what is available now (a bounded amount, so one busy client cannot
  // starve the others) and appends complete lines to `lines`.
  ReadStatus read_lines(std::vector<std::string>& lines, SteadyClock::time_point now);

  enum class SendStatus {
    Ok,      // written or queued
    Behind,  // output still pending from earlier messages is over the limit
    Failed,  // the socket failed
  };
  // Queues `bytes` and writes what the socket takes now. The limit applies to
  // what earlier messages left pending, so one large answer still goes through
  // while a client that stops reading is caught at its next message.
  SendStatus send(std::string_view bytes, size_t limit, SteadyClock::time_point now);

  enum class FlushStatus { Done, Pending, Failed };
  FlushStatus flush(SteadyClock::time_point now);

  int fd() const { return fd_.get(); }
  uint64_t id() const { return id_; }
  size_t pending() const { return out_.size() - out_offset_; }
  const PeerCredentials& peer() const { return peer_; }
  SteadyClock::time_point last_activity() const { return last_activity_; }

  // A large answer still being produced, and the requests that came after
  // it: answers go out in request order, and input is not read meanwhile.
  std::unique_ptr<AnswerStream> stream;
  std::deque<std::string> held_lines;
  bool busy() const { return stream != nullptr || !held_lines.empty(); }

  bool subscribed = false;
  nlohmann::json subscribe_id;  // echoed in every poll event
  bool closing = false;         // close once the pending output is written
  bool input_done = false;      // EOF seen or input no longer read

 private:
  UniqueFd fd_;
  uint64_t id_;
  ipc::LineFramer framer_;
  std::string out_;
  size_t out_offset_ = 0;
  PeerCredentials peer_;
  SteadyClock::time_point last_activity_;
};

}  // namespace sockscope::daemon

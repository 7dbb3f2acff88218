// The daemon's side of `watch`: one connection, subscribed, and after each
// poll event the findings, the socket rows and the recent history asked on
// that same connection; a refetch of the same poll asks for the rows alone.
// fd() is an epoll set holding the connection, a reconnect timer and an
// eventfd raised when a poll event was read while waiting for an answer, so
// the loop is woken for every pending poll.
//
// Only the first connection waits for the daemon to acknowledge the
// subscription (watch falls back to polling directly without one). A
// reconnect sends its requests and returns; the acknowledgement is taken
// from the stream like any line, and one that does not come within
// kDaemonTimeout drops the connection as not answering. The exchanges after
// a poll event, a refetch and an explanation wait for their answers, but a
// key or a signal cuts such a wait short (interrupt_waits_on).
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include <fmt/format.h>

#include "daemon_client.h"
#include "daemon_query.h"
#include "ipc/protocol.h"
#include "render/json_decode.h"
#include "util/fd_io.h"
#include "util/monotonic_timer.h"
#include "watch_connection.h"
#include "watch_daemon_frame.h"
#include "watch_source.h"

namespace sockscope::cli {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr std::chrono::seconds kReconnectDelay{1};
constexpr const char* kSubscribeId = "watch";

class DaemonWatchSource final : public WatchSource {
 public:
  DaemonWatchSource(GlobalOptions global, UniqueFd epoll, UniqueFd wake, MonotonicTimer retry)
      : global_(std::move(global)), epoll_(std::move(epoll)), wake_(std::move(wake)), retry_(std::move(retry)) {}

  Result<void> start() {
    if (auto added = watch_fd(wake_.get()); !added) return added;
    if (auto added = watch_fd(retry_.fd()); !added) return added;
    return connect(Ack::Wait);
  }

  int fd() const override { return epoll_.get(); }

  void interrupt_waits_on(std::vector<int> fds) override {
    interrupters_ = std::move(fds);
    if (conn_) conn_->set_interrupters(interrupters_);
  }

  Result<std::optional<WatchFrame>> next_frame(const WatchQuery& query) override {
    drain_wakeups();
    if (!conn_) {
      if (Clock::now() - last_attempt_ < kReconnectDelay) return std::optional<WatchFrame>();
      if (auto connected = connect(Ack::Later); !connected) {
        schedule_reconnect();
        return make_error(no_daemon(global_, connected.error()));
      }
    }
    if (auto read = conn_->read_available(); !read) return named(lost(read.error()));
    if (auto taken = take_lines(); !taken) return named(lost(taken.error()));
    if (!acked_) {
      // Connected (a stopped daemon's listen queue still accepts) but silent.
      if (Clock::now() >= ack_deadline_) return named(lost(not_answering(kDaemonTimeout)));
      return std::optional<WatchFrame>();
    }
    if (!pending_) return std::optional<WatchFrame>();

    json status_json = std::move(*pending_);
    pending_.reset();
    auto status = decode_status_json(status_json);
    if (!status) return named(make_error("a poll event: " + status.error().message));
    status_ = std::move(*status);
    interval_s_ = daemon_interval(status_json);
    findings_.reset();
    auto frame = fetch(query, Parts::Poll);
    if (!frame && is_interrupted(frame.error())) {
      // Asked again once the key or signal is handled (settle() wakes the
      // loop for it), unless a newer poll came in meanwhile or the
      // connection went (a new one brings its own status).
      if (!pending_ && conn_) pending_ = std::move(status_json);
      settle();
      return std::optional<WatchFrame>();
    }
    settle();
    if (!frame) return named(frame.error());
    return std::optional<WatchFrame>(std::move(*frame));
  }

  Result<WatchFrame> refetch(const WatchQuery& query) override {
    if (auto ready = ready_for_requests(); !ready) return named(ready.error());
    if (!status_) return named(make_error("no poll yet"));
    auto frame = fetch(query, Parts::RowsOnly);
    settle();
    if (!frame) return is_interrupted(frame.error()) ? frame : named(frame.error());
    return frame;
  }

  Result<std::string> explain(uint64_t cookie) override {
    if (auto ready = ready_for_requests(); !ready) return named(ready.error());
    ipc::Request request;
    request.method = ipc::Method::Explain;
    request.cookie = std::to_string(cookie);
    const int64_t id = next_id_++;
    request.id = id;
    auto answer = [&]() -> Result<std::string> {
      if (auto sent = send(ipc::encode_request(request)); !sent) return sent.error();
      return await(id);
    }();
    settle();
    if (!answer) return is_interrupted(answer.error()) ? answer.error() : named(answer.error());
    auto response = ipc::parse_response(*answer);
    if (!response) return named(response.error());
    // About the socket, not the daemon: "no socket matches 'cookie 42'" when it has closed.
    if (response->error) return make_error(response->error->message);
    auto text = response->result.is_object() ? response->result.find("text") : response->result.end();
    if (text == response->result.end() || !text->is_string()) {
      return named(make_error(fmt::format("no explanation of socket {} in its answer", cookie)));
    }
    return text->get<std::string>();
  }

 private:
  Result<void> watch_fd(int fd) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event) != 0) return Error::from_errno("epoll_ctl", errno);
    return {};
  }

  // Whether the first connection waits for the acknowledgement of the
  // subscription, or a reconnect takes it from the stream later.
  enum class Ack { Wait, Later };

  // Connects, subscribes and asks for the latest status at once, so the
  // first frame does not wait for the next poll. The subscription must be
  // acknowledged: something that is not sockscoped does not count. The
  // Error is the reason alone.
  Result<void> connect(Ack ack) {
    last_attempt_ = Clock::now();
    auto conn = WatchConnection::open(global_.socket_path, kDaemonTimeout);
    if (!conn) return conn.error();
    conn_ = std::move(*conn);
    conn_->set_interrupters(interrupters_);
    trend_.clear();
    acked_ = false;
    ack_deadline_ = last_attempt_ + kDaemonTimeout;
    ipc::Request subscribe;
    subscribe.method = ipc::Method::Subscribe;
    subscribe.id = kSubscribeId;
    ipc::Request status;
    status.method = ipc::Method::Status;
    status_id_ = next_id_++;
    status.id = *status_id_;
    if (auto sent = send(ipc::encode_request(subscribe) + ipc::encode_request(status)); !sent) return sent;
    if (auto watched = watch_fd(conn_->fd()); !watched) return lost(watched.error());
    if (ack == Ack::Later) {
      // The timer ticks until the acknowledgement, so a silent daemon is noticed.
      schedule_reconnect();
      return {};
    }
    while (!acked_) {
      if (auto read = conn_->read_some(kDaemonTimeout); !read) return lost(read.error());
      if (auto taken = take_lines(); !taken) return lost(taken.error());
    }
    settle();
    return {};
  }

  Result<void> ready_for_requests() const {
    if (!conn_) return make_error("not connected");
    if (!acked_) return not_answering(kDaemonTimeout);
    return {};
  }

  // The acknowledgement of the subscription: it starts the poll events.
  Result<void> take_ack(const ipc::Response& response) {
    if (response.error) {
      return make_error(
          fmt::format("it answered with an error: {}: {}", response.error->code, response.error->message));
    }
    if (response.method != ipc::Method::Subscribe) return make_error("it answered another method than 'subscribe'");
    acked_ = true;
    // A timer that cannot be stopped only wakes the loop for nothing.
    (void)retry_.disarm();
    return {};
  }

  // A new poll asks for its findings, its socket rows and the history
  // entries new since the last; a refetch of the same poll (another sort,
  // filter or window) asks for the rows alone and keeps the rest.
  enum class Parts { Poll, RowsOnly };

  // Sends the requests at once and reads their answers in order.
  Result<WatchFrame> fetch(const WatchQuery& query, Parts parts) {
    if (!findings_) parts = Parts::Poll;
    ipc::Request sockets;
    sockets.method = ipc::Method::Sockets;
    sockets.filter = query.filter;
    sockets.sort = std::string(watch_sort_name(query.sort));
    sockets.limit = std::max<uint64_t>(query.rows, 1);
    sockets.details = false;  // the table shows neither tcp_info nor mem
    if (query.offset > 0) sockets.offset = query.offset;
    sockets.anchor = query.anchor;
    sockets.anchor_row = query.anchor_row;
    std::vector<ipc::Request> requests;
    if (parts == Parts::Poll) {
      ipc::Request findings;
      findings.method = ipc::Method::Findings;
      requests.push_back(std::move(findings));
    }
    requests.push_back(std::move(sockets));
    if (parts == Parts::Poll) {
      ipc::Request history;
      history.method = ipc::Method::History;
      const double now_s =
          std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
      history.history_seconds = trend_.seconds_wanted(now_s, interval_s_);
      requests.push_back(std::move(history));
    }
    std::string lines;
    std::vector<int64_t> ids;
    for (auto& request : requests) {
      ids.push_back(next_id_++);
      request.id = ids.back();
      lines += ipc::encode_request(request);
    }
    if (auto sent = send(lines); !sent) return sent.error();
    std::vector<json> results(requests.size());
    for (size_t i = 0; i < ids.size(); ++i) {
      auto answer = await(ids[i]);
      if (!answer) return answer.error();
      auto result = result_of(*answer, requests[i].method);
      // The daemon refused a request (a filter it cannot apply): the
      // connection is fine, the answers behind it still arrive in order.
      if (!result) {
        for (size_t j = i + 1; j < ids.size(); ++j) {
          if (auto skipped = await(ids[j]); !skipped) return skipped.error();
        }
        return make_error(fmt::format("{}: {}", ipc::method_name(requests[i].method), result.error().message));
      }
      results[i] = std::move(*result);
    }
    if (parts == Parts::Poll) {
      if (auto merged = trend_.merge(results[2]); !merged) {
        return make_error("unexpected answer: " + merged.error().message);
      }
      findings_ = std::move(results[0]);
    }
    const json& rows = parts == Parts::Poll ? results[1] : results[0];
    auto frame = daemon_frame(*status_, interval_s_, *findings_, rows, query.offset, trend_.series());
    if (!frame) return make_error("unexpected answer: " + frame.error().message);
    return frame;
  }

  // Transport failures drop the connection (so no late answer can be taken
  // for another request's) and come back as the reason alone. An interrupted
  // send has written part of a line: the connection cannot carry another.
  Result<void> send(std::string_view lines) {
    if (auto sent = conn_->send(lines, kDaemonTimeout); !sent) return lost(sent.error());
    return {};
  }

  // Reads until the answer with `id` arrives; poll events met on the way
  // are kept. A wait cut short by a key or a signal keeps the connection:
  // the answer, when it comes, is dropped as one nobody waits for.
  Result<std::string> await(const json& id) {
    for (;;) {
      if (auto taken = take_lines(&id); !taken) return lost(taken.error());
      if (answer_) {
        std::string line = std::move(*answer_);
        answer_.reset();
        return line;
      }
      if (auto read = conn_->read_some(kDaemonTimeout); !read) {
        return is_interrupted(read.error()) ? read.error() : lost(read.error());
      }
    }
  }

  // Every whole line read so far: poll events (and the answer to the status
  // asked at connect) become the pending poll, the subscribe
  // acknowledgement sets acked_, the line answering `wanted` is kept in
  // answer_; anything else (an answer nobody waits for any more) is
  // dropped. Stops after the wanted line, since the caller must see it
  // before the lines that follow it.
  Result<void> take_lines(const json* wanted = nullptr) {
    for (;;) {
      auto line = conn_->next_line();
      if (!line) return line.error();
      if (!*line) return {};
      auto response = ipc::parse_response(**line);
      if (!response) return response.error();
      if (response->event == ipc::kPollEvent && response->method == ipc::Method::Status) {
        pending_ = std::move(response->result);
        status_id_.reset();  // newer than the status asked at connect
        continue;
      }
      if (!acked_ && response->id == json(kSubscribeId)) {
        if (auto taken = take_ack(*response); !taken) return taken;
        continue;
      }
      if (status_id_ && response->id == json(*status_id_)) {
        status_id_.reset();
        // Before the daemon's first poll there is no status yet; the poll event will bring it.
        if (!response->error && !pending_) pending_ = std::move(response->result);
        continue;
      }
      if (wanted != nullptr && response->id == *wanted) {
        answer_ = std::move(**line);
        return {};
      }
    }
  }

  // The connection is gone: close it, try again in a second. A poll event
  // read from it but not yet shown goes too: after reconnecting, the status
  // asked at connect is the one to show, not an older one from before.
  Error lost(const Error& why) {
    conn_.reset();  // closing the fd also takes it out of the epoll set
    answer_.reset();
    status_id_.reset();
    pending_.reset();
    findings_.reset();
    acked_ = false;
    schedule_reconnect();
    return why;
  }

  void schedule_reconnect() {
    // A timer that cannot be armed leaves reconnecting to the next call.
    (void)retry_.arm(kReconnectDelay, kReconnectDelay);
  }

  Error named(const Error& why) const {
    return make_error(fmt::format("daemon at {}: {}", global_.socket_path, why.describe()));
  }

  // After an exchange: the lines read behind the last answer are taken, and
  // a poll event among them (or met while waiting) raises the eventfd, since
  // nothing is left on the socket to wake the loop for it.
  void settle() {
    if (conn_) {
      if (auto taken = take_lines(); !taken) (void)lost(taken.error());
    }
    if (!pending_) return;
    // Fails only when the counter is about to overflow, i.e. already readable.
    const uint64_t one = 1;
    const ssize_t written = ::write(wake_.get(), &one, sizeof one);
    (void)written;
  }

  void drain_wakeups() {
    uint64_t count = 0;
    (void)read_retrying(wake_.get(), reinterpret_cast<char*>(&count), sizeof count);
    retry_.read_expirations();
  }

  GlobalOptions global_;
  UniqueFd epoll_;
  UniqueFd wake_;
  MonotonicTimer retry_;
  std::optional<WatchConnection> conn_;
  std::vector<int> interrupters_;
  bool acked_ = false;                    // the subscription on conn_ is acknowledged
  Clock::time_point ack_deadline_{};
  Clock::time_point last_attempt_{};
  std::optional<json> pending_;           // the newest poll event's status not yet turned into a frame
  std::optional<std::string> answer_;     // the line await() looks for
  std::optional<int64_t> status_id_;      // the status asked at connect, until answered
  std::optional<StatusSummary> status_;   // of the latest frame: refetch() uses it
  std::optional<json> findings_;          // the findings answer of that poll, for refetch()
  double interval_s_ = 1;
  DaemonTrend trend_;
  int64_t next_id_ = 1;
};

}  // namespace

Result<std::unique_ptr<WatchSource>> daemon_watch_source(const GlobalOptions& global) {
  UniqueFd epoll(::epoll_create1(EPOLL_CLOEXEC));
  if (!epoll.valid()) return Error::from_errno("epoll_create1", errno);
  UniqueFd wake(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!wake.valid()) return Error::from_errno("eventfd", errno);
  auto retry = MonotonicTimer::create();
  if (!retry) return retry.error();
  auto source = std::make_unique<DaemonWatchSource>(global, std::move(epoll), std::move(wake), std::move(*retry));
  if (auto started = source->start(); !started) return started.error();
  return std::unique_ptr<WatchSource>(std::move(source));
}

}  // namespace sockscope::cli

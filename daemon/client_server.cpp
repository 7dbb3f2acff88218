#include "client_server.h"

#include <algorithm>
#include <sys/socket.h>

#include <vector>

namespace sockscope::daemon {

namespace {
constexpr int kAcceptsPerEvent = 64;  // then let clients and the timer have a turn
}  // namespace

ClientServer::ClientServer(EventLoop& loop, Listener& listener, Logger& log, Answerer answer, ClientLimits limits)
    : loop_(loop), listener_(listener), log_(log), answer_(std::move(answer)), limits_(limits) {}

ClientServer::~ClientServer() {
  for (auto& [id, client] : clients_) loop_.remove(client->fd());
  loop_.remove(listener_.fd());
}

Result<void> ClientServer::start() {
  return loop_.add(listener_.fd(), EPOLLIN, [this](uint32_t) { accept_pending(); });
}

size_t ClientServer::subscribers() const {
  size_t n = 0;
  for (const auto& [id, client] : clients_) n += client->subscribed ? 1 : 0;
  return n;
}

void ClientServer::accept_pending() {
  for (int i = 0; i < kAcceptsPerEvent; ++i) {
    auto accepted = listener_.accept();
    if (!accepted) {
      // EMFILE and the like: the connection stays queued; say so and retry next event.
      log_.error("{}", accepted.error().describe());
      return;
    }
    if (!accepted->valid()) return;
    if (clients_.size() >= limits_.max_clients) {
      refuse_busy(std::move(*accepted));
      continue;
    }
    const uint64_t id = next_id_++;
    auto client = std::make_unique<Client>(std::move(*accepted), id, ipc::kMaxRequestLine, SteadyClock::now());
    const int fd = client->fd();
    auto added = loop_.add(fd, EPOLLIN | EPOLLRDHUP, [this, id](uint32_t events) { on_client_event(id, events); });
    if (!added) {
      log_.error("cannot watch client: {}", added.error().describe());
      continue;  // the client closes as it goes out of scope
    }
    // Debug: a monitoring check every minute would fill the journal at info.
    const PeerCredentials& peer = client->peer();
    if (peer.known) {
      log_.debug("client {} connected: pid {} uid {} gid {}", id, peer.pid, peer.uid, peer.gid);
    } else {
      log_.debug("client {} connected: peer credentials unknown", id);
    }
    clients_.emplace(id, std::move(client));
  }
}

// Best effort: a fresh socket's buffer takes one short line, and we never wait.
void ClientServer::refuse_busy(UniqueFd fd) {
  std::string line = ipc::encode_error(
      {ipc::error_code::kBusy, "too many clients (" + std::to_string(limits_.max_clients) + "); try again later", {}});
  (void)::send(fd.get(), line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  log_.warning("refused a client: {} clients connected", clients_.size());
}

void ClientServer::on_client_event(uint64_t id, uint32_t events) {
  auto it = clients_.find(id);
  if (it == clients_.end()) return;
  Client& client = *it->second;
  const auto now = SteadyClock::now();

  if (events & EPOLLERR) {
    close_client(id, "socket error");
    return;
  }
  if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) && !client.input_done) {
    std::vector<std::string> lines;
    auto status = client.read_lines(lines, now);
    for (std::string& line : lines) {
      if (client.busy()) {
        client.held_lines.push_back(std::move(line));
      } else if (!serve_line(client, line, now)) {
        return;  // dropped while answering
      }
    }
    switch (status) {
      case Client::ReadStatus::Open:
        break;
      case Client::ReadStatus::Eof:
        // A half-close after the last request still gets its answers;
        // a subscriber keeps its stream.
        client.input_done = true;
        if (!client.subscribed) client.closing = true;
        break;
      case Client::ReadStatus::Failed:
        close_client(id, "read failed");
        return;
      case Client::ReadStatus::TooLong:
        client.input_done = true;
        client.closing = true;
        log_.warning("client {}: request line over {} bytes; closing", id, ipc::kMaxRequestLine);
        if (!deliver(client, ipc::encode_error(ipc::too_long_error(ipc::kMaxRequestLine)), now)) return;
        break;
    }
  }
  if (events & EPOLLOUT) {
    if (client.flush(now) == Client::FlushStatus::Failed) {
      close_client(id, "write failed");
      return;
    }
    if (!advance(client, now)) return;
  }
  if ((events & EPOLLHUP) && client.input_done) {
    close_client(id, "disconnected");  // nobody left to write to
    return;
  }
  if (client.closing && client.pending() == 0 && !client.busy()) {
    close_client(id, client.input_done ? "done" : "closed");
    return;
  }
  update_interest(client);
}

bool ClientServer::serve_line(Client& client, const std::string& line, SteadyClock::time_point now) {
  auto parsed = ipc::parse_request(line);
  if (auto* error = std::get_if<ipc::ProtocolError>(&parsed)) {
    log_.debug("client {}: {}: {}", client.id(), error->code, error->message);
    return deliver(client, ipc::encode_error(*error), now);
  }
  const auto& request = std::get<ipc::Request>(parsed);
  if (request.method == ipc::Method::Subscribe) {
    client.subscribed = true;
    client.subscribe_id = request.id;
    log_.debug("client {} subscribed", client.id());
  }
  Answer answer = answer_(request);
  if (!deliver(client, answer.head, now)) return false;
  client.stream = std::move(answer.rest);
  return advance(client, now);
}

bool ClientServer::advance(Client& client, SteadyClock::time_point now) {
  // Under the output limit too, so neither a piece nor the next answer trips it.
  const size_t low_water = std::min(kStreamLowWater, limits_.output_limit);
  for (;;) {
    while (client.stream && client.pending() < low_water) {
      std::string piece;
      if (!client.stream->next(piece)) client.stream.reset();
      if (!deliver(client, piece, now)) return false;
    }
    if (client.stream || client.held_lines.empty() || client.pending() >= low_water) return true;
    std::string line = std::move(client.held_lines.front());
    client.held_lines.pop_front();
    if (!serve_line(client, line, now)) return false;
  }
}

bool ClientServer::deliver(Client& client, std::string_view bytes, SteadyClock::time_point now) {
  switch (client.send(bytes, limits_.output_limit, now)) {
    case Client::SendStatus::Ok:
      return true;
    case Client::SendStatus::Behind:
      close_client(client.id(), "not reading: " + std::to_string(client.pending()) + " bytes pending, limit " +
                                    std::to_string(limits_.output_limit));
      return false;
    case Client::SendStatus::Failed:
      close_client(client.id(), "write failed");
      return false;
  }
  return false;
}

void ClientServer::update_interest(Client& client) {
  uint32_t events = 0;
  // A client in the middle of an answer is not read: its next requests wait
  // in its socket, which is the back-pressure.
  if (!client.input_done && !client.busy()) events |= EPOLLIN | EPOLLRDHUP;
  if (client.pending() > 0 || client.stream) events |= EPOLLOUT;
  if (auto modified = loop_.modify(client.fd(), events); !modified) {
    close_client(client.id(), modified.error().describe());
  }
}

void ClientServer::publish_poll(const nlohmann::ordered_json& status) {
  const auto now = SteadyClock::now();
  std::vector<uint64_t> subscribers;
  for (const auto& [id, client] : clients_) {
    if (client->subscribed) subscribers.push_back(id);
  }
  for (uint64_t id : subscribers) {
    auto it = clients_.find(id);
    if (it == clients_.end()) continue;
    Client& client = *it->second;
    if (client.busy()) continue;  // never inside another answer; the next poll's event comes
    if (deliver(client, ipc::encode_poll_event(client.subscribe_id, status), now)) update_interest(client);
  }
}

void ClientServer::close_idle(SteadyClock::time_point now) {
  std::vector<uint64_t> idle;
  for (const auto& [id, client] : clients_) {
    if (!client->subscribed && now - client->last_activity() > limits_.idle_timeout) idle.push_back(id);
  }
  for (uint64_t id : idle) close_client(id, "idle");
}

void ClientServer::close_client(uint64_t id, std::string_view why) {
  auto it = clients_.find(id);
  if (it == clients_.end()) return;
  loop_.remove(it->second->fd());
  if (why == "done" || why == "disconnected") {
    log_.debug("client {} closed: {}", id, why);
  } else {
    log_.info("client {} closed: {}", id, why);
  }
  clients_.erase(it);  // closes the fd
}

}  // namespace sockscope::daemon

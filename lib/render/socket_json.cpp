#include "render/socket_json.h"

#include <iterator>
#include <string_view>

#include "render/address_text.h"
#include "render/json_string.h"
#include "render/tcp_info_fields.h"

namespace sockscope {

namespace {

// Writes one object's members, placing the commas. Keys are fixed ASCII
// literals, so they need no escaping.
class ObjectWriter {
 public:
  explicit ObjectWriter(fmt::memory_buffer& out) : out_(out) { out_.push_back('{'); }
  ~ObjectWriter() { out_.push_back('}'); }
  ObjectWriter(const ObjectWriter&) = delete;
  ObjectWriter& operator=(const ObjectWriter&) = delete;

  fmt::memory_buffer& key(std::string_view name) {
    if (!first_) out_.push_back(',');
    first_ = false;
    out_.push_back('"');
    out_.append(name);
    out_.append(std::string_view("\":"));
    return out_;
  }
  void number(std::string_view name, uint64_t value) {
    key(name);
    fmt::format_int text(value);
    out_.append(text.data(), text.data() + text.size());
  }
  void number(std::string_view name, int64_t value) {
    key(name);
    fmt::format_int text(value);
    out_.append(text.data(), text.data() + text.size());
  }
  void string(std::string_view name, std::string_view value) { append_json_string(key(name), value); }
  // Three decimals, or null.
  void optional_fixed3(std::string_view name, std::optional<double> value) {
    fmt::memory_buffer& out = key(name);
    if (value)
      fmt::format_to(std::back_inserter(out), "{:.3f}", *value);
    else
      out.append(std::string_view("null"));
  }

 private:
  fmt::memory_buffer& out_;
  bool first_ = true;
};

void append_endpoint_object(fmt::memory_buffer& out, Family family, const Endpoint& endpoint) {
  out.append(std::string_view("{\"addr\":\""));
  append_address(out, family, endpoint);  // digits, dots, colons: nothing to escape
  out.append(std::string_view("\",\"port\":"));
  fmt::format_int port(endpoint.port);
  out.append(port.data(), port.data() + port.size());
  out.push_back('}');
}

void append_processes(fmt::memory_buffer& out, std::span<const ProcessRef> owners) {
  out.push_back('[');
  bool first = true;
  for (const auto& owner : owners) {
    if (!first) out.push_back(',');
    first = false;
    ObjectWriter process(out);
    process.number("pid", int64_t{owner.pid});
    process.string("comm", owner.comm);
    process.number("fd", int64_t{owner.fd});
  }
  out.push_back(']');
}

void append_tcp_info(fmt::memory_buffer& out, const SocketRecord& socket) {
  ObjectWriter info(out);
  for (const auto& field : tcp_info_fields()) {
    if (field.present(socket.tcp_info_len)) info.number(field.name, field.read(socket.tcp_info));
  }
}

void append_mem(fmt::memory_buffer& out, const MemInfo& mem) {
  ObjectWriter object(out);
  object.number("rmem_alloc", uint64_t{mem.rmem_alloc});
  object.number("rcvbuf", uint64_t{mem.rcvbuf});
  object.number("wmem_alloc", uint64_t{mem.wmem_alloc});
  object.number("sndbuf", uint64_t{mem.sndbuf});
  object.number("fwd_alloc", uint64_t{mem.fwd_alloc});
  object.number("wmem_queued", uint64_t{mem.wmem_queued});
  object.number("optmem", uint64_t{mem.optmem});
  object.number("backlog", uint64_t{mem.backlog});
  object.number("drops", uint64_t{mem.drops});
}

}  // namespace

void append_socket_json(fmt::memory_buffer& out, const SocketRecord& socket, std::span<const ProcessRef> owners,
                        const SocketJsonParts& parts) {
  ObjectWriter object(out);
  object.string("proto", proto_name(socket.proto));
  object.string("family", family_name(socket.family));
  object.string("state", tcp_state_name(socket.state));
  append_endpoint_object(object.key("local"), socket.family, socket.local);
  append_endpoint_object(object.key("remote"), socket.family, socket.remote);
  object.number("recv_q", uint64_t{socket.recv_q});
  object.number("send_q", uint64_t{socket.send_q});
  object.number("inode", socket.inode);
  object.number("cookie", socket.cookie);
  object.number("uid", uint64_t{socket.uid});
  object.number("ifindex", uint64_t{socket.ifindex});
  {
    ObjectWriter timer(object.key("timer"));
    timer.string("kind", timer_kind_name(socket.timer.kind));
    timer.number("expires_ms", uint64_t{socket.timer.expires_ms});
    timer.number("count", uint64_t{socket.timer.count});
  }
  if (socket.shutdown) object.number("shutdown", uint64_t{*socket.shutdown});
  // The kernel's name is NUL-terminated within 16 bytes; never read past them.
  std::string_view congestion(socket.congestion.data(), socket.congestion.size());
  congestion = congestion.substr(0, congestion.find('\0'));
  if (!congestion.empty()) object.string("congestion", congestion);
  append_processes(object.key("processes"), owners);
  if (parts.details && socket.has_tcp_info()) append_tcp_info(object.key("tcp_info"), socket);
  if (parts.details && socket.mem) append_mem(object.key("mem"), *socket.mem);
  if (parts.tracked) {
    object.optional_fixed3("state_age_s", parts.tracked->state_age_s);
    object.optional_fixed3("first_seen", parts.tracked->first_seen);
  }
}

void render_sockets_json(fmt::memory_buffer& out, std::span<const SocketRecord* const> sockets,
                         const ProcessIndex& processes, const ChunkSink& sink) {
  out.append(std::string_view("{\"sockets\": ["));
  bool first = true;
  for (const SocketRecord* socket : sockets) {
    out.append(first ? std::string_view("\n") : std::string_view(",\n"));
    first = false;
    append_socket_json(out, *socket, socket->inode ? processes.find(socket->inode) : std::span<const ProcessRef>());
    if (sink && out.size() >= kJsonChunkBytes) sink(out);
  }
  out.append(first ? std::string_view("]}\n") : std::string_view("\n]}\n"));
}

bool expand_sockets_listing(std::string_view compact, fmt::memory_buffer& out) {
  constexpr std::string_view kHead = R"({"sockets":[)";
  constexpr std::string_view kTail = "]}";
  // Every socket object starts with its proto member; inside a JSON string a
  // quote is escaped, so this sequence only ever separates two objects.
  constexpr std::string_view kNextObject = R"(,{"proto":)";
  if (!compact.starts_with(kHead) || !compact.ends_with(kTail) || compact.size() < kHead.size() + kTail.size())
    return false;
  std::string_view body = compact.substr(kHead.size(), compact.size() - kHead.size() - kTail.size());
  if (body.empty()) {
    out.append(std::string_view("{\"sockets\": []}\n"));
    return true;
  }
  out.append(std::string_view("{\"sockets\": [\n"));
  for (size_t at = 0;;) {
    size_t next = body.find(kNextObject, at);
    if (next == std::string_view::npos) {
      out.append(body.substr(at));
      break;
    }
    out.append(body.substr(at, next + 1 - at));  // the object and its comma
    out.push_back('\n');
    at = next + 1;
  }
  out.append(std::string_view("\n]}\n"));
  return true;
}

}  // namespace sockscope

#include "render/socket_table.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string_view>
#include <vector>

#include "render/address_text.h"
#include "render/state_label.h"

namespace sockscope {

namespace {

size_t decimal_width(uint64_t value) {
  size_t width = 1;
  while (value >= 10) {
    value /= 10;
    ++width;
  }
  return width;
}

void append_spaces(fmt::memory_buffer& out, size_t count) {
  size_t old = out.size();
  out.resize(old + count);
  std::fill_n(out.data() + old, count, ' ');
}

void append_padded(fmt::memory_buffer& out, std::string_view text, size_t width, bool right) {
  size_t pad = width > text.size() ? width - text.size() : 0;
  if (right) append_spaces(out, pad);
  out.append(text);
  if (!right) append_spaces(out, pad);
}

}  // namespace

std::string format_age(std::optional<double> seconds) {
  if (!seconds || !std::isfinite(*seconds) || *seconds < 0) return "-";
  // Past ~30,000 years the cast would overflow; nobody needs that precision.
  auto s = static_cast<uint64_t>(std::min(*seconds, 1e12));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m", s / 60);
  if (s < 86400) return fmt::format("{}h{}m", s / 3600, s % 3600 / 60);
  return fmt::format("{}d{}h", s / 86400, s % 86400 / 3600);
}

void append_owner_list(fmt::memory_buffer& out, std::span<const ProcessRef> owners) {
  out.append(std::string_view("users:("));
  bool first = true;
  for (const auto& owner : owners) {
    if (!first) out.push_back(',');
    first = false;
    out.append(std::string_view("(\""));
    for (char c : owner.comm) {
      auto byte = static_cast<unsigned char>(c);
      out.push_back(byte < 0x20 || byte == 0x7f ? '?' : c);
    }
    fmt::format_to(std::back_inserter(out), "\",pid={},fd={})", owner.pid, owner.fd);
  }
  out.push_back(')');
}

void render_socket_table(fmt::memory_buffer& out, std::span<const SocketRecord* const> sockets,
                         const ProcessIndex& processes, const TableOptions& options) {
  // First pass: write every endpoint once into one arena and note the widths.
  fmt::memory_buffer endpoints;
  std::vector<uint32_t> ends;
  ends.reserve(sockets.size() * 2);
  size_t netid_w = 5, state_w = 5, recv_w = 6, send_w = 6, local_w = 18, peer_w = 17;
  // Ages are shown only when given for every row; otherwise the table is the direct-mode one.
  const bool age_column = options.ages != nullptr && options.ages->size() == sockets.size();
  std::vector<std::string> age_text;
  size_t age_w = 3;
  if (age_column) {
    age_text.reserve(sockets.size());
    for (const auto& age : *options.ages) {
      age_text.push_back(format_age(age));
      age_w = std::max(age_w, age_text.back().size());
    }
  }
  for (const SocketRecord* s : sockets) {
    size_t start = endpoints.size();
    append_endpoint(endpoints, s->family, s->local);
    ends.push_back(static_cast<uint32_t>(endpoints.size()));
    local_w = std::max(local_w, endpoints.size() - start);
    start = endpoints.size();
    append_endpoint(endpoints, s->family, s->remote);
    ends.push_back(static_cast<uint32_t>(endpoints.size()));
    peer_w = std::max(peer_w, endpoints.size() - start);
    state_w = std::max(state_w, table_state_label(s->state).size());
    recv_w = std::max(recv_w, decimal_width(s->recv_q));
    send_w = std::max(send_w, decimal_width(s->send_q));
  }

  auto row = [&](std::string_view netid, std::string_view state, std::string_view age, std::string_view recv_q,
                 std::string_view send_q, std::string_view local, std::string_view peer,
                 bool more) {
    append_padded(out, netid, netid_w, false);
    out.push_back(' ');
    append_padded(out, state, state_w, false);
    out.push_back(' ');
    if (age_column) {
      append_padded(out, age, age_w, true);
      out.push_back(' ');
    }
    append_padded(out, recv_q, recv_w, true);
    out.push_back(' ');
    append_padded(out, send_q, send_w, true);
    out.push_back(' ');
    append_padded(out, local, local_w, false);
    out.push_back(' ');
    if (more) {
      append_padded(out, peer, peer_w, false);
      out.push_back(' ');
    } else {
      out.append(peer);
    }
  };

  row("Netid", "State", "Age", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port", options.process_column);
  if (options.process_column) out.append(std::string_view("Process"));
  out.push_back('\n');

  const char* arena = endpoints.data();
  uint32_t begin = 0;
  for (size_t i = 0; i < sockets.size(); ++i) {
    const SocketRecord* s = sockets[i];
    std::string_view local(arena + begin, ends[2 * i] - begin);
    std::string_view peer(arena + ends[2 * i], ends[2 * i + 1] - ends[2 * i]);
    begin = ends[2 * i + 1];
    auto owners = options.process_column && s->inode ? processes.find(s->inode) : std::span<const ProcessRef>();
    fmt::format_int recv_q(s->recv_q), send_q(s->send_q);
    std::string_view age = age_column ? std::string_view(age_text[i]) : std::string_view();
    row(proto_name(s->proto), table_state_label(s->state), age, {recv_q.data(), recv_q.size()},
        {send_q.data(), send_q.size()}, local, peer, !owners.empty());
    if (!owners.empty()) append_owner_list(out, owners);
    out.push_back('\n');
  }
}

}  // namespace sockscope

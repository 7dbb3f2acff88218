#include "watch/socket_columns.h"

#include <fmt/format.h>

#include "render/address_text.h"
#include "render/socket_table.h"
#include "watch/text_cells.h"

namespace sockscope::watch_text {

namespace {

constexpr size_t kStateWidth = 11;  // ESTABLISHED
constexpr size_t kAgeWidth = 6;
constexpr size_t kQueueWidth = 7;
constexpr size_t kMinProcessWidth = 12;
// The three columns after a single space each, then a gap of two before
// Local, Peer and Process.
constexpr size_t kFixedWidth = kStateWidth + 1 + kAgeWidth + 1 + kQueueWidth + 1 + kQueueWidth + 3 * 2;

std::string endpoint_text(Family family, const Endpoint& endpoint) {
  fmt::memory_buffer out;
  append_endpoint(out, family, endpoint);
  return fmt::to_string(out);
}

std::string join(std::string_view state, std::string_view age, std::string_view recv_q, std::string_view send_q,
                 std::string_view local, std::string_view peer, std::string_view process,
                 const TableColumns& columns) {
  std::string line = left(state, kStateWidth);
  line += ' ';
  line += right(age, kAgeWidth);
  line += ' ';
  line += right(recv_q, kQueueWidth);
  line += ' ';
  line += right(send_q, kQueueWidth);
  line += "  ";
  line += left(cut_middle(local, columns.endpoint), columns.endpoint);
  line += "  ";
  line += left(cut_middle(peer, columns.endpoint), columns.endpoint);
  line += "  ";
  line += left(cut_middle(process, columns.process), columns.process);
  return line;
}

}  // namespace

size_t TableColumns::width() const { return kFixedWidth + 2 * endpoint + process; }

TableColumns table_columns(size_t cols) {
  TableColumns columns;
  if (cols > kFixedWidth + kMinProcessWidth) columns.endpoint = (cols - kFixedWidth - kMinProcessWidth) / 2;
  columns.process = kMinProcessWidth;
  if (cols > kFixedWidth + 2 * columns.endpoint + kMinProcessWidth) {
    columns.process = cols - kFixedWidth - 2 * columns.endpoint;
  }
  return columns;
}

std::string table_header(const TableColumns& columns) {
  return join("State", "Age", "Recv-Q", "Send-Q", "Local", "Peer", "Process", columns);
}

std::string process_text(const SocketRecord& socket, const ProcessIndex& processes) {
  auto owners = socket.inode != 0 ? processes.find(socket.inode) : std::span<const ProcessRef>();
  if (owners.empty()) return "-";
  std::string text = printable(owners.front().comm) + "/" + std::to_string(owners.front().pid);
  if (owners.size() > 1) text += "+" + std::to_string(owners.size() - 1);
  return text;
}

std::string table_row(const TableColumns& columns, const SocketRecord& socket, std::optional<double> age_s,
                      const ProcessIndex& processes) {
  return join(tcp_state_name(socket.state), format_age(age_s), std::to_string(socket.recv_q),
              std::to_string(socket.send_q), endpoint_text(socket.family, socket.local),
              endpoint_text(socket.family, socket.remote), process_text(socket, processes), columns);
}

}  // namespace sockscope::watch_text

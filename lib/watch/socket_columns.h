// The socket table's columns, shared by the screen and the plain output:
// State, Age, Recv-Q, Send-Q of fixed widths, then Local and Peer sharing
// what is left after Process's 12 columns.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "model/process.h"
#include "model/socket_record.h"

namespace sockscope::watch_text {

struct TableColumns {
  size_t endpoint = 0;  // Local and Peer each
  size_t process = 12;
  size_t width() const;
};

// The columns for a screen `cols` wide.
TableColumns table_columns(size_t cols);

// Lines of exactly columns.width() columns: a long endpoint or process is
// cut in the middle, never wrapped.
std::string table_header(const TableColumns& columns);
std::string table_row(const TableColumns& columns, const SocketRecord& socket, std::optional<double> age_s,
                      const ProcessIndex& processes);

// "nginx/812", "nginx/812+3" when more processes hold the socket, "-" for none.
std::string process_text(const SocketRecord& socket, const ProcessIndex& processes);

}  // namespace sockscope::watch_text

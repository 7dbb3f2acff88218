// The parts of one socket's explanation that come from its own figures.
// Each returns paragraphs, empty when the part does not apply. Internal to
// the explain module: explain_socket() puts them together.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "explain/explanation.h"

namespace sockscope::explain_detail {

using Paragraphs = std::vector<std::string>;

// Splits text at '\n' into paragraphs.
Paragraphs split_paragraphs(std::string_view text);

// A socket the kernel keeps without a file: TIME_WAIT, a request socket
// (SYN_RECV with inode 0), or an orphaned FIN_WAIT2 kept as a timewait minisocket.
bool is_minisocket(const SocketRecord& socket);
// A full TCP socket the application has closed while the kernel finishes the close.
bool is_orphan(const SocketRecord& socket);
// A connection a listener completed that no accept() has taken yet.
bool awaits_accept(const SocketRecord& socket);

// "10.0.0.1:80" ("0.0.0.0:*" for port 0), as tables print it.
std::string endpoint_text(Family family, const Endpoint& endpoint);
// "40 bytes", "212992 bytes (208.0 KiB)".
std::string bytes_text(uint64_t bytes);
// Command names come from /proc and may hold anything: control characters
// become '?', so each owner stays on one line.
std::string printable(std::string_view text);
// "ESTABLISHED", "SYN_RECV" for TCP; "UNCONN" or "ESTAB" for UDP.
std::string_view state_label(const SocketRecord& socket);

Paragraphs timer_part(const ExplainContext& context);
Paragraphs queues_part(const ExplainContext& context);
Paragraphs memory_part(const ExplainContext& context);
Paragraphs shutdown_part(const SocketRecord& socket);
Paragraphs owner_part(const ExplainContext& context);
Paragraphs age_part(const ExplainContext& context);
Paragraphs advice_part(const ExplainContext& context);

}  // namespace sockscope::explain_detail

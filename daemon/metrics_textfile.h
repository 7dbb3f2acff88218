// The metrics text for node_exporter's textfile collector: written to a new
// file of a random name beside PATH (created exclusively, so nothing planted
// there, a symlink say, is ever followed), then renamed over PATH, so a
// reader sees the old file or the new one, never half of one. It is not
// flushed to disk first: the next poll rewrites it anyway.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace sockscope::daemon {

// PATH gets mode 0644: node_exporter runs as another user.
Result<void> write_textfile(const std::string& path, std::string_view text);

}  // namespace sockscope::daemon

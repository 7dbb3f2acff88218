// The metrics text for node_exporter's textfile collector: written to
// PATH.tmp, then renamed over PATH, so a reader sees the old file or the
// new one, never half of one.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace sockscope::daemon {

Result<void> write_textfile(const std::string& path, std::string_view text);

}  // namespace sockscope::daemon

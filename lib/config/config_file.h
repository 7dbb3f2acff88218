// Reading the configuration file: bounded, close-on-exec, regular files only.
#pragma once

#include <filesystem>
#include <string>

#include "util/result.h"

namespace sockscope::config {

// Config files are small; the bound keeps a wrong --config (a device, a log)
// from filling memory.
inline constexpr size_t kMaxConfigBytes = 1024 * 1024;

// The whole file. Open and read errors carry errno (ENOENT for a missing
// file, EISDIR for a directory); other non-regular files and files over the
// bound are errors without one.
Result<std::string> read_config_file(const std::filesystem::path& path);

}  // namespace sockscope::config

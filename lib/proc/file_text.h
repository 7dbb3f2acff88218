// Reads a small /proc or /sys file whole.
#pragma once

#include <filesystem>
#include <string>

#include "util/result.h"

namespace sockscope {

// The file's text; an Error carrying errno (ENOENT for a missing file).
Result<std::string> read_file_text(const std::filesystem::path& path);

}  // namespace sockscope

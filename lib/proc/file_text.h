// Reads a small /proc or /sys file whole.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "util/result.h"

namespace sockscope {

// The file's text; an Error carrying errno (ENOENT for a missing file).
Result<std::string> read_file_text(const std::filesystem::path& path);

// Reads `name` relative to the directory fd `dir_fd` into `buffer`, without
// allocating: for the per-process files of a /proc scan. Text longer than
// the buffer is cut to fit. An Error carries errno.
Result<std::string_view> read_text_at(int dir_fd, const char* name, std::span<char> buffer);

}  // namespace sockscope

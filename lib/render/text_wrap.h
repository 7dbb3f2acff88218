// Prose wrapped for a terminal, shared by explanations and findings.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <string_view>

namespace sockscope {

// Appends `text` wrapped at `width` columns: the first line starts with
// `first_prefix`, the others with `rest_prefix`. A word longer than a line
// gets a line of its own; a number and its unit ("4.0 MiB", "25 s") stay together.
void append_wrapped(fmt::memory_buffer& out, std::string_view text, std::string_view first_prefix,
                    std::string_view rest_prefix, size_t width = 78);

}  // namespace sockscope

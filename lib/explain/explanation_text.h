// An Explanation as terminal text: the title, then one headed section per
// part that applies, paragraphs wrapped at kExplanationWidth columns.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "explain/explanation.h"

namespace sockscope {

inline constexpr size_t kExplanationWidth = 78;

void render_explanation_text(fmt::memory_buffer& out, const Explanation& explanation);
std::string explanation_text(const Explanation& explanation);

// Appends `text` wrapped at `width` columns: the first line starts with
// `first_prefix`, the others with `rest_prefix`. A word longer than a line
// gets a line of its own.
void append_wrapped(fmt::memory_buffer& out, std::string_view text, std::string_view first_prefix,
                    std::string_view rest_prefix, size_t width = kExplanationWidth);

}  // namespace sockscope
